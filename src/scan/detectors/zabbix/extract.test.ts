import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { zabbix } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('zabbix', () => {
  it('reads a YAML media type export: Email on M365, a disabled relay, and no webhook', () => {
    const run = runFixtures(zabbix, import.meta.url, 'exports/zbx_export_mediatypes.yaml');
    assert.equal(run.findings.length, 2);
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'zabbix@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'zabbix@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.line, 8);
    assert.deepEqual(f.locations, { host: { line: 8, text: 'smtp.office365.com' }, port: { line: 9, text: '587' }, username: { line: 14, text: 'zabbix@contoso.com' }, from: { line: 11, text: 'zabbix@contoso.com' } });
    const relay = pick(run.findings, { host: '10.10.1.25' });
    assert.equal(relay.port, 25);
    assert.equal(relay.security, 'none');
    assert.equal(relay.auth.method, 'none');
    assert.equal(relay.active, false);
    assert.equal(relay.inactiveReason, 'disabled');
    assert.ok(run.secrets.has('R365CANARY-zabbix'));
    assertNoCanary(run);
  });

  it('reads XML (SSL/TLS on 465) and JSON (Office 365 relay provider) exports', () => {
    const run = runFixtures(zabbix, import.meta.url, 'exports/zbx_export_mediatypes.xml', 'exports/zbx_export_mediatypes.json');
    assert.equal(run.findings.length, 2, 'the SMS media type is not mail');
    const gmail = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(gmail.port, 465);
    assert.equal(gmail.security, 'tls');
    assert.equal(gmail.auth.secret, 'present');
    assert.equal(gmail.line, 9);
    const mx = pick(run.findings, { host: 'contoso-com.mail.protection.outlook.com' });
    assert.equal(mx.endpointKind, 'm365-mx');
    assert.equal(mx.port, 25);
    assert.equal(mx.auth.method, 'none');
    assert.match(mx.notes!.join('\n'), /O365_RELAY/);
    assertNoCanary(run);
  });

  it('reads INSERT rows of a mysqldump without a column list', () => {
    const run = runFixtures(zabbix, import.meta.url, 'backup/zabbix.sql');
    assert.equal(run.findings.length, 2);
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.username, 'zabbix@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.line, 25);
    assert.match(f.notes!.join('\n'), /column order assumed/);
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'disabled');
    assert.match(old.notes!.join('\n'), /it's old/);
    assert.ok(run.secrets.has('R365CANARY-zabbix-sql'));
    assertNoCanary(run);
  });

  it("keeps Zabbix's shipped default media type inactive", () => {
    const run = runFixtures(zabbix, import.meta.url, 'zabbix-src/database/mysql/data.sql');
    assert.equal(run.findings.length, 1);
    const f = pick(run.findings, { host: 'mail.example.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'placeholder');
  });

  it('warns on a truncated export and keeps the canary out', () => {
    const run = runFixtures(zabbix, import.meta.url, 'broken/zbx_export_mediatypes.yaml');
    assert.ok(run.warnings.length > 0);
    assertNoCanary(run);
  });

  const rows: [string, string, string, Record<string, unknown>][] = [
    ['numeric API values', '/x/zbx_export_mediatypes.yaml', "zabbix_export:\n  media_types:\n  - type: '0'\n    smtp_server: mail.contoso.com\n    smtp_security: '2'\n    smtp_port: '465'\n", { security: 'tls', port: 465 }],
    ['pg_dump with columns', '/x/dump.sql', "INSERT INTO public.media_type (mediatypeid, type, name, smtp_server, smtp_email, smtp_port, smtp_security) VALUES (7, 0, 'Mail', 'relay.contoso.local', 'z@contoso.local', 2525, 1);\n", { host: 'relay.contoso.local', port: 2525, security: 'starttls', from: 'z@contoso.local' }],
    ['OAuth (7.2+)', '/x/zbx_export_mediatypes.yaml', 'zabbix_export:\n  media_types:\n  - type: EMAIL\n    smtp_server: smtp.office365.com\n    smtp_authentication: OAUTH\n    username: z@contoso.com\n', { auth: { method: 'oauth2', username: 'z@contoso.com', secret: 'absent' } }],
  ];
  for (const [name, path, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(zabbix, text, path);
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
    });
  }

  it('survives hostile input', () => {
    assert.doesNotThrow(() => runText(zabbix, `INSERT INTO media_type VALUES ${"(1,0,'x','".repeat(20_000)}`, '/x/a.sql'));
    assert.doesNotThrow(() => runText(zabbix, `INSERT INTO media_type VALUES ${"(1,0,'E','h'),".repeat(50_000)}`, '/x/a.sql'));
    assert.doesNotThrow(() => runText(zabbix, `<zabbix_export>${'<media_types>'.repeat(20_000)}<smtp_server>x</smtp_server>`, '/x/zbx_export_a.xml'));
    assert.doesNotThrow(() => runText(zabbix, `{"zabbix_export":{"media_types":[{"smtp_server":"${'a'.repeat(1_000_000)}"}]}}`, '/x/zbx_export_a.json'));
    assert.doesNotThrow(() => runText(zabbix, String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), '/x/zbx_export_a.yaml'));
  });
});
