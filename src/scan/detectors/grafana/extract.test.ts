import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { grafana } from './index.js';
import { assertNoCanary, fixturesDir, pick, runFixtures, runText } from '../../testing.js';
import { scanPaths } from '../../scan.js';

describe('grafana', () => {
  it('reads host:port, MandatoryStartTLS and a triple-quoted password from grafana.ini', () => {
    const run = runFixtures(grafana, import.meta.url, 'etc/grafana/grafana.ini');
    assert.equal(run.findings.length, 1, 'only [smtp]; [database] host is not mail');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'grafana-alerts@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'grafana-alerts@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.active, true);
    assert.equal(f.line, 34);
    assert.equal(f.role, 'app');
    assert.deepEqual(f.locations?.host, { line: 34, text: 'smtp.office365.com' });
    assert.deepEqual(f.locations?.port, { line: 34, text: '587' });
    assert.deepEqual(f.locations?.security, { line: 46, text: 'MandatoryStartTLS' });
    assert.ok(run.secrets.has('R365CANARY-grafana#smtp;1'), 'the whole triple-quoted value is the secret');
    assert.ok(!f.evidence.includes('password'));
    assertNoCanary(run);
  });

  it('treats the shipped sample.ini and defaults.ini as samples', () => {
    const sample = runFixtures(grafana, import.meta.url, 'usr/share/grafana/conf/sample.ini');
    const s = pick(sample.findings, { host: 'localhost' });
    assert.equal(s.active, false);
    assert.equal(s.inactiveReason, 'example-file');
    assert.equal(s.port, 25);
    assert.equal(s.security, 'none', 'the commented policy says NoStartTLS');
    assert.equal(s.line, 18);
    const defaults = runFixtures(grafana, import.meta.url, 'usr/share/grafana/conf/defaults.ini');
    const d = pick(defaults.findings, { host: 'localhost' });
    assert.equal(d.active, false);
    assert.equal(d.inactiveReason, 'example-file');
    assert.equal(d.from, 'admin@grafana.localhost');
    assert.equal(d.auth.method, 'none');
    assert.equal(d.endpointKind, 'local');
  });

  it('reads a CRLF custom.ini with a $__file password and NoStartTLS', () => {
    const run = runFixtures(grafana, import.meta.url, 'windows/custom.ini');
    const f = pick(run.findings, { host: 'relay01.contoso.local' });
    assert.equal(f.port, 25);
    assert.equal(f.security, 'none');
    assert.equal(f.auth.username, 'svc-grafana');
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'file:C:\\ProgramData\\GrafanaLabs\\secrets\\smtp.pass');
    assert.equal(f.from, 'grafana@contoso.com');
    assert.equal(f.endpointKind, 'internal');
    assert.equal(f.active, true);
    assert.equal(f.line, 6);
  });

  it('reports a configured but disabled [smtp] as inactive, implicit TLS on 465', () => {
    const run = runFixtures(grafana, import.meta.url, 'disabled/grafana.ini');
    const f = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'disabled');
    assert.equal(f.security, 'tls');
    assert.equal(f.port, 465);
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.endpointKind, 'other-public');
    assertNoCanary(run);
  });

  it('leaves an environment-expanded host unresolved', () => {
    const run = runFixtures(grafana, import.meta.url, 'env/grafana.ini');
    const f = run.findings[0];
    assert.equal(f.host, null);
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'unresolved');
    assert.deepEqual(f.valueSources, { host: 'env:GF_RELAY_HOST', username: 'env:SMTP_USER' });
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'env:GF_SMTP_PASSWORD');
  });

  const rows: { name: string; text: string; host: string | null; port: number | null; security: string; active: boolean; notes?: RegExp }[] = [
    { name: 'enabled without host → Grafana default', text: '[smtp]\nenabled = true\n', host: 'localhost', port: 25, security: 'starttls', active: true, notes: /default localhost:25/ },
    { name: 'opportunistic by default', text: '[smtp]\nenabled = true\nhost = mail.contoso.com:25\n', host: 'mail.contoso.com', port: 25, security: 'starttls', active: true, notes: /OpportunisticStartTLS/ },
    { name: 'host without port', text: '[smtp]\nenabled = true\nhost = mail.contoso.com\n', host: 'mail.contoso.com', port: null, security: 'starttls', active: true, notes: /expects host:port/ },
    { name: 'inline comment cut', text: '[SMTP]\nenabled = true ; on\nhost = 10.0.0.5:2525 # relay\n', host: '10.0.0.5', port: 2525, security: 'starttls', active: true },
    { name: 'no enabled key → Grafana default off', text: '[smtp]\nhost = mail.contoso.com:25\n', host: 'mail.contoso.com', port: 25, security: 'starttls', active: false },
  ];
  for (const row of rows) {
    it(`row: ${row.name}`, () => {
      const run = runText(grafana, row.text, '/etc/grafana/grafana.ini');
      assert.equal(run.findings.length, 1);
      const f = run.findings[0];
      assert.equal(f.host, row.host);
      assert.equal(f.port, row.port);
      assert.equal(f.security, row.security);
      assert.equal(f.active, row.active);
      if (row.notes) assert.match((f.notes ?? []).join('\n'), row.notes);
    });
  }

  it('returns null without an [smtp] section and survives hostile input', () => {
    assert.equal(runText(grafana, '[server]\nhttp_port = 3000\n', '/etc/grafana/grafana.ini').findings.length, 0);
    assert.equal(runText(grafana, '[smtp]\n;enabled = false\n', '/etc/grafana/grafana.ini').findings.length, 0);
    const hostile = ['[smtp', '[smtp]\nhost = """unterminated', '[smtp]\nhost = ' + 'x'.repeat(1_000_000), '\u0000\u0001[smtp]\u0002', '[smtp]\n' + '['.repeat(20000), '[smtp]\nenabled = true\nhost = [::1\n', '[smtp]\n' + Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1')];
    for (const text of hostile) assert.doesNotThrow(() => runText(grafana, text, '/etc/grafana/grafana.ini'));
  });

  it('is found by a real scan of its fixtures: file patterns, content hint, encodings', async () => {
    const { inventory } = await scanPaths({ roots: [fixturesDir(import.meta.url)], detectors: [grafana] });
    assert.deepEqual([inventory.findings.length, inventory.findings.filter((f) => f.active).length], [6, 2]);
    assert.deepEqual(inventory.warnings.map((w) => w.code), []);
    assert.ok(!JSON.stringify(inventory).includes('R365CANARY'));
  });
});
