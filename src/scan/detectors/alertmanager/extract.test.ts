import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alertmanager } from './index.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanPaths } from '../../scan.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('alertmanager', () => {
  it("reads Debian's shipped config: global localhost:25 used by two receivers", () => {
    const run = runFixtures(alertmanager, import.meta.url, 'debian/etc/prometheus/alertmanager.yml');
    assert.equal(run.findings.length, 1, 'the commented auth lines name no smarthost');
    const f = pick(run.findings, { host: 'localhost' });
    assert.equal(f.port, 25);
    assert.equal(f.security, 'starttls', 'require_tls defaults to true');
    assert.equal(f.endpointKind, 'local');
    assert.equal(f.from, 'alertmanager@example.org');
    assert.equal(f.line, 6);
    assert.match(f.notes!.join('\n'), /used by team-X-mails, team-X-pager/);
    assert.equal(f.active, true);
  });

  it('reads global SMTP AUTH, a receiver override with its own relay, and the commented old relay', () => {
    const run = runFixtures(alertmanager, import.meta.url, 'etc/alertmanager/alertmanager.yml');
    const g = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(g.port, 587);
    assert.equal(g.security, 'starttls');
    assert.equal(g.auth.username, 'alerts@contoso.com');
    assert.equal(g.auth.secret, 'present');
    assert.equal(g.from, 'alerts@contoso.com');
    assert.equal(g.endpointKind, 'm365-submission');
    assert.deepEqual(g.locations, { host: { line: 3, text: 'smtp.office365.com' }, port: { line: 3, text: '587' }, username: { line: 6, text: 'alerts@contoso.com' }, from: { line: 4, text: 'alerts@contoso.com' } });
    assert.match(g.notes!.join('\n'), /used by ops/);
    const dba = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(dba.port, 25);
    assert.equal(dba.security, 'none');
    assert.equal(dba.auth.method, 'none', 'empty auth_username overrides the global one');
    assert.equal(dba.from, 'dba-alerts@contoso.local');
    assert.equal(dba.line, 28);
    const old = pick(run.findings, { host: 'smtp.sendgrid.net' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.auth.username, 'apikey');
    assert.ok(run.secrets.has('R365CANARY-alertmanager-old'));
    assert.equal(run.findings.length, 3);
    assertNoCanary(run);
  });

  it('leaves Helm values files to the helm detector', () => {
    assert.equal(runFixtures(alertmanager, import.meta.url, 'helm/alertmanager-values.yaml').findings.length, 0);
  });

  it('reads a password file on 465 as implicit TLS with the secret elsewhere', () => {
    const f = pick(runFixtures(alertmanager, import.meta.url, 'k8s/alertmanager.yaml').findings, { host: 'smtp.gmail.com' });
    assert.equal(f.security, 'tls');
    assert.equal(f.port, 465);
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'file:/etc/alertmanager/secrets/smtp/password');
    assert.equal(f.active, true);
  });

  it('warns on broken YAML and still keeps the canary out', () => {
    const run = runFixtures(alertmanager, import.meta.url, 'broken/alertmanager.yml');
    assert.ok(run.warnings.some((w) => w.code === 'parse-error'));
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['global without receivers is unused', "global:\n  smtp_smarthost: 'smtp.contoso.com:587'\n", { active: false, inactiveReason: 'disabled' }],
    ['require_tls false', "global:\n  smtp_smarthost: 'mail.contoso.com:25'\n  smtp_require_tls: false\nreceivers:\n- name: a\n  email_configs:\n  - to: a@contoso.com\n", { security: 'none', active: true }],
    ['no port', "global:\n  smtp_smarthost: 'mail.contoso.com'\nreceivers:\n- name: a\n  email_configs:\n  - to: a@contoso.com\n", { port: 25 }],
    ['IPv6 smarthost', "global:\n  smtp_smarthost: '[2001:db8::25]:587'\nreceivers:\n- name: a\n  email_configs:\n  - to: a@contoso.com\n", { host: '2001:db8::25', port: 587 }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(alertmanager, text, '/etc/alertmanager/alertmanager.yml');
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
    });
  }

  it('keeps a documentation tree below the scanned folder inactive, and reads the folder it was pointed at', async () => {
    const text = "global:\n  smtp_smarthost: 'smtp.example.org:587'\nreceivers:\n- name: a\n  email_configs:\n  - to: a@example.org\n";
    const root = mkdtempSync(join(tmpdir(), 'r365-alertmanager-'));
    try {
      const examples = join(root, 'usr/share/doc/prometheus-alertmanager/examples');
      mkdirSync(examples, { recursive: true });
      writeFileSync(join(examples, 'alertmanager.yml'), text);
      const below = (await scanPaths({ roots: [root], detectors: [alertmanager], includeVendored: true })).inventory.findings;
      assert.deepEqual(below.map((f) => [f.host, f.active, f.inactiveReason]), [['smtp.example.org', false, 'example-file']]);
      const pointed = (await scanPaths({ roots: [examples], detectors: [alertmanager] })).inventory.findings;
      assert.deepEqual(pointed.map((f) => [f.host, f.active]), [['smtp.example.org', true]], 'the folder the scan was given is read as real');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('survives hostile input', () => {
    const path = '/etc/alertmanager/alertmanager.yml';
    assert.doesNotThrow(() => runText(alertmanager, `global: ${'['.repeat(20_000)}`, path));
    assert.doesNotThrow(() => runText(alertmanager, `receivers:\n${'  - '.repeat(20_000)}smarthost: x\n`, path));
    assert.doesNotThrow(() => runText(alertmanager, `global:\n  smtp_smarthost: '${'a'.repeat(1_000_000)}:25'\n`, path));
    assert.doesNotThrow(() => runText(alertmanager, String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), path));
  });
});
