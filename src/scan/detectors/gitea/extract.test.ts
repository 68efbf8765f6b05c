import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gitea } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('gitea', () => {
  it('reads Gitea 1.18+ [mailer] with a backtick password and a commented relay', () => {
    const run = runFixtures(gitea, import.meta.url, 'etc/gitea/app.ini');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'git@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'git@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.active, true);
    assert.equal(f.line, 22);
    assert.deepEqual(f.locations, {
      host: { line: 22, text: 'smtp.office365.com' }, port: { line: 23, text: '587' }, security: { line: 21, text: 'smtp+starttls' },
      username: { line: 25, text: 'git@contoso.com' }, from: { line: 24, text: 'git@contoso.com' },
    });
    assert.ok(run.secrets.has('R365CANARY#gitea;pw'), 'the whole quoted password, # and ; included');
    const old = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.port, 25);
    assert.equal(old.security, 'none');
    assert.equal(run.findings.length, 2, '[database] HOST and [email.incoming] are not mailers');
    assertNoCanary(run);
  });

  it('reads Gogs HOST = host:port (implicit TLS on 465) and legacy Gitea (opportunistic STARTTLS)', () => {
    const run = runFixtures(gitea, import.meta.url, 'gogs/custom/conf/app.ini', 'gitea-legacy/custom/conf/app.ini');
    const gogs = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(gogs.port, 465);
    assert.equal(gogs.security, 'tls');
    assert.equal(gogs.from, 'contoso.gogs@gmail.com');
    assert.equal(gogs.auth.secret, 'present');
    assert.deepEqual(gogs.locations?.port, { line: 14, text: '465' });
    const legacy = pick(run.findings, { host: 'mail.contoso.com' });
    assert.equal(legacy.port, 587);
    assert.equal(legacy.security, 'starttls');
    assert.match(legacy.notes!.join('\n'), /plaintext otherwise/);
    assert.ok(run.secrets.has('R365CANARY-gitea-legacy'));
    assertNoCanary(run);
  });

  it('reports sendmail as local and ENABLED = false as disabled', () => {
    const f = pick(runFixtures(gitea, import.meta.url, 'forgejo/app.ini').findings, { endpointKind: 'local' });
    assert.equal(f.host, null);
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'disabled');
    assert.equal(f.from, 'forgejo@contoso.local');
  });

  it('finds nothing in the shipped all-commented example and keeps a sample inactive', () => {
    assert.equal(runFixtures(gitea, import.meta.url, 'shipped/app.ini.example').findings.length, 0);
    const f = pick(runFixtures(gitea, import.meta.url, 'shipped/two/app.ini.sample').findings, { host: 'smtp.example.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    assert.equal(f.security, 'tls');
    assert.equal(f.auth.secret, 'absent', 'changeme is a placeholder');
  });

  it('survives a truncated file', () => {
    const run = runFixtures(gitea, import.meta.url, 'broken/app.ini');
    const f = pick(run.findings, { host: '10.9.8.7' });
    assert.equal(f.port, 465, 'no PROTOCOL, no port: Gitea assumes smtps');
    assert.equal(f.security, 'tls');
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['plain smtp on 25', '[mailer]\nENABLED = true\nSMTP_ADDR = relay.contoso.local\nSMTP_PORT = 25\n', { security: 'none', port: 25, active: true }],
    ['port 587 infers starttls', '[mailer]\nENABLED = true\nSMTP_ADDR = smtp.contoso.com\nSMTP_PORT = 587\n', { security: 'starttls' }],
    ['dummy protocol', '[mailer]\nENABLED = true\nPROTOCOL = dummy\n', { active: false, inactiveReason: 'disabled' }],
    ['inline comment', '[mailer]\nENABLED = true\nSMTP_ADDR = smtp.contoso.com ; the relay\nPROTOCOL = smtps\n', { host: 'smtp.contoso.com', port: 465 }],
    ['env reference', '[mailer]\nENABLED = true\nSMTP_ADDR = ${SMTP_HOST}\nPROTOCOL = smtp+starttls\n', { host: null, inactiveReason: 'unresolved', valueSources: { host: 'env:SMTP_HOST' } }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(gitea, text, '/etc/gitea/app.ini');
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
    });
  }

  it('survives hostile input', () => {
    const path = '/etc/gitea/app.ini';
    assert.doesNotThrow(() => runText(gitea, `[mailer]\nSMTP_ADDR = ${'a'.repeat(1_000_000)}\n`, path));
    assert.doesNotThrow(() => runText(gitea, `[mailer]\n${'PASSWD = `x\\\n'.repeat(20_000)}`, path));
    assert.doesNotThrow(() => runText(gitea, String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), path));
  });
});
