import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mattermost } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('mattermost', () => {
  it('reads EmailSettings with lines and locations', () => {
    const run = runFixtures(mattermost, import.meta.url, 'opt/mattermost/config/config.json');
    assert.equal(run.findings.length, 1);
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'chat@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'chat@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.line, 31);
    assert.equal(f.active, true);
    assert.deepEqual(f.locations, {
      host: { line: 31, text: 'smtp.office365.com' }, port: { line: 32, text: '587' }, security: { line: 34, text: 'STARTTLS' },
      username: { line: 29, text: 'chat@contoso.com' }, from: { line: 25, text: 'chat@contoso.com' },
    });
    assert.ok(run.secrets.has('R365CANARY-mattermost'));
    assertNoCanary(run);
  });

  it('reads the shipped default as local plain SMTP on 10025', () => {
    const f = pick(runFixtures(mattermost, import.meta.url, 'mm-default/config/config.json').findings, { host: 'localhost' });
    assert.equal(f.port, 10025);
    assert.equal(f.security, 'none');
    assert.equal(f.endpointKind, 'local');
    assert.equal(f.auth.method, 'none');
    assert.equal(f.from, 'test@example.com');
  });

  it('reads a masked export: TLS on 465, password elsewhere', () => {
    const f = pick(runFixtures(mattermost, import.meta.url, 'export/mattermost-config.json').findings, { host: 'smtp.contoso.com' });
    assert.equal(f.security, 'tls');
    assert.equal(f.port, 465);
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'masked-export:EmailSettings.SMTPPassword');
    assert.match(f.notes!.join('\n'), /certificate is not checked/);
    assert.match(f.notes!.join('\n'), /only account mail/);
  });

  it('warns on a truncated file and still reports what it read', () => {
    const run = runFixtures(mattermost, import.meta.url, 'broken/config/config.json');
    const f = pick(run.findings, { host: '10.0.5.25' });
    assert.equal(f.port, 10025);
    assert.equal(f.auth.secret, 'present');
    assert.equal(run.warnings[0].code, 'parse-error');
    assert.ok(run.secrets.has('R365CANARY-mm-broken'));
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown> | null][] = [
    ['SMTPServer outside EmailSettings', '{ "Mail": { "SMTPServer": "smtp.contoso.com" } }', null],
    ['empty server', '{ "EmailSettings": { "SMTPServer": "" } }', null],
    ['env placeholder host', '{ "EmailSettings": { "SMTPServer": "${MM_SMTP}", "SMTPPort": "25" } }', { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: 'env:MM_SMTP' } }],
    ['auth off hides the name', '{ "EmailSettings": { "SMTPServer": "smtp.contoso.com", "EnableSMTPAuth": false, "SMTPUsername": "u", "SMTPPassword": "R365CANARY-off" } }', { auth: { method: 'none', username: null, secret: 'absent' } }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(mattermost, text, '/opt/mattermost/config/config.json');
      if (!want) { assert.equal(run.findings.length, 0); return; }
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
      assertNoCanary(run);
    });
  }

  it('survives hostile input', () => {
    const path = '/opt/mattermost/config/config.json';
    assert.doesNotThrow(() => runText(mattermost, `${'{"EmailSettings":'.repeat(20_000)}{"SMTPServer":"x"}`, path));
    assert.doesNotThrow(() => runText(mattermost, `{"EmailSettings":{"SMTPServer":"${'a'.repeat(1_000_000)}"}}`, path));
    assert.doesNotThrow(() => runText(mattermost, String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), path));
  });
});
