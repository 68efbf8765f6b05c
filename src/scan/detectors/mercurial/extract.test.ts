import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mercurial } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('mercurial', () => {
  it('finds nothing in the Debian system hgrc', () => {
    assert.equal(runFixtures(mercurial, import.meta.url, 'debian/etc/mercurial/hgrc').findings.length, 0);
  });

  it('reads [smtp] with STARTTLS and [email] from', () => {
    const run = runFixtures(mercurial, import.meta.url, 'dev/home/dev/.hgrc');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, true);
    assert.equal(f.line, 12);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'dev@contoso.com', secret: 'present' });
    assert.equal(f.from, 'dev@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.deepEqual(f.locations?.security, { line: 14, text: 'starttls' });
    assert.deepEqual(f.locations?.from, { line: 8, text: 'Dev Example <dev@contoso.com>' });
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.ok(run.secrets.has('R365CANARY-hg-1'));
    assertNoCanary(run);
  });

  it('reads a Windows mercurial.ini (CRLF): a program as method overrides [smtp]', () => {
    const run = runFixtures(mercurial, import.meta.url, 'windows/Users/dev/mercurial.ini');
    const program = pick(run.findings, { endpointKind: 'local' });
    assert.equal(program.line, 3);
    assert.equal(program.from, 'ci@contoso.com');
    assert.ok(program.notes?.some((n) => n.includes('blat.exe')));
    const smtp = pick(run.findings, { host: 'smtp.contoso.com' });
    assert.equal(smtp.security, 'tls');
    assert.equal(smtp.port, 465);
    assert.equal(smtp.active, false);
    assert.equal(smtp.inactiveReason, 'overridden');
    assert.ok(smtp.notes?.some((n) => n.includes('asks for it')));
  });

  it('survives broken files and hostile input', () => {
    const run = runFixtures(mercurial, import.meta.url, 'broken/home/x/.hgrc');
    assert.equal(run.findings.length, 0, 'a [smtp] without a host value names no server');
    assert.ok(run.secrets.has('R365CANARY-hg-2\ncontinued'));
    assertNoCanary(run);
    for (const hostile of [`[smtp]\nhost = a\n${' x\n'.repeat(200_000)}`, `[${'['.repeat(1_000_000)}`, '\u0000[smtp]\u0001host=\uffff', `[smtp]\nhost = ${'h'.repeat(1_000_000)}`]) {
      assert.doesNotThrow(() => runText(mercurial, hostile, '/home/x/.hgrc'));
    }
  });

  it('keeps example copies and placeholder values inactive', () => {
    const example = runFixtures(mercurial, import.meta.url, 'template/etc/mercurial/hgrc.sample');
    const f = pick(example.findings, { host: 'smtp.office365.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    const placeholder = runFixtures(mercurial, import.meta.url, 'template/etc/mercurial/hgrc');
    assert.ok(placeholder.findings.length > 0 && placeholder.findings.every((f) => !f.active), 'placeholder values are never active');
    assert.equal(pick(placeholder.findings, { host: 'TODO' }).inactiveReason, 'placeholder');
    assertNoCanary(example);
  });
});
