import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gitSendemail } from './index.js';
import { gitValue } from './extract.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('git-sendemail', () => {
  it('reads [sendemail] and an identity: tls = STARTTLS, ssl = implicit TLS on 465', () => {
    const run = runFixtures(gitSendemail, import.meta.url, 'alice/home/alice/.gitconfig');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, true);
    assert.equal(f.line, 7);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'alice@contoso.com', secret: 'present' });
    assert.equal(f.from, 'alice@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.role, 'client');
    assert.deepEqual(f.locations?.security, { line: 9, text: 'tls' });
    assert.deepEqual(f.locations?.username, { line: 10, text: 'alice@contoso.com' });
    const oss = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(oss.line, 16);
    assert.equal(oss.security, 'tls');
    assert.equal(oss.port, 587, 'git applies [sendemail] smtpServerPort to every identity that does not set its own');
    assert.equal(oss.auth.secret, 'present', 'the [sendemail] smtpPass applies to the identity too');
    assert.equal(oss.from, 'alice.hacks@gmail.com');
    const commented = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(commented.active, false);
    assert.equal(commented.line, 13);
    assert.equal(run.findings.length, 3);
    assert.ok(run.secrets.has('R365CANARY-git-1'));
    assertNoCanary(run);
  });

  it('reads quoted values, inline comments, continuations and XOAUTH2', () => {
    const run = runFixtures(gitSendemail, import.meta.url, 'alice/home/alice/.config/git/config');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.auth.method, 'oauth2');
    assert.equal(f.auth.secret, 'external');
    assert.match(f.secretRef ?? '', /^git-credential/);
    assert.deepEqual(f.locations?.host, { line: 3, text: 'smtp.office365.com' });
  });

  it('reports sendmailcmd as a local MTA dependency', () => {
    const run = runFixtures(gitSendemail, import.meta.url, 'system/etc/gitconfig');
    const f = pick(run.findings, { line: 5 });
    assert.equal(f.host, null);
    assert.equal(f.endpointKind, 'local');
    assert.equal(f.from, 'git@build01.contoso.com');
    assert.ok(f.notes?.some((n) => n.includes('msmtp, account default')));
  });

  it('survives broken files and finds a repository config', () => {
    const run = runFixtures(gitSendemail, import.meta.url, 'broken/home/bob/.gitconfig');
    const f = pick(run.findings, { host: 'unterminated' });
    assert.equal(f.port, 25);
    assert.equal(f.security, 'none');
    assert.ok(f.notes?.some((n) => n.includes('starttls: not ssl or tls')));
    assertNoCanary(run);
    const ssl = runText(gitSendemail, '[sendemail]\n\tsmtpserver = smtp.contoso.com\n\tsmtpencryption = ssl\n').findings[0];
    assert.equal(ssl.port, 465);
    const repo = runText(gitSendemail, '[sendemail]\n\tsmtpserver = /usr/sbin/sendmail\n', '/srv/repo/.git/config');
    assert.equal(repo.findings[0].endpointKind, 'local');
    for (const hostile of [`[sendemail]\nsmtpserver = ${'\\\n'.repeat(20_000)}x`, `[sendemail ${'"'.repeat(1_000_000)}]`, '\u0000[sendemail]\u0001', `[sendemail]\n${'x = y\n'.repeat(100_000)}`]) {
      assert.doesNotThrow(() => runText(gitSendemail, hostile, '/home/x/.gitconfig'));
    }
  });

  it('decodes git config quoting', () => {
    assert.equal(gitValue('"a \\"b\\" c"'), 'a "b" c');
    assert.equal(gitValue('x\\\\y'), 'x\\y');
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(gitSendemail, import.meta.url, 'template/etc/gitconfig.example');
    const f = pick(example.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    const placeholder = runFixtures(gitSendemail, import.meta.url, 'template/etc/gitconfig');
    assert.ok(placeholder.findings.length > 0 && placeholder.findings.every((f) => !f.active), 'placeholder values are never active');
    assert.equal(pick(placeholder.findings, { host: '<smtp-host>' }).inactiveReason, 'placeholder');
    assertNoCanary(example);
  });
});
