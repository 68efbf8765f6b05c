import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { helm } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('helm', () => {
  it('ignores a chart’s blank defaults and reads a site override with an existing Secret', () => {
    assert.equal(runFixtures(helm, import.meta.url, 'ghost/values.yaml').findings.length, 0);
    const run = runFixtures(helm, import.meta.url, 'ghost/values-prod.yaml');
    assert.equal(run.findings.length, 1, 'mysql.auth is not mail');
    const f = run.findings[0];
    assert.equal(f.host, 'smtp.office365.com');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls', 'Bitnami smtpProtocol tls is STARTTLS');
    assert.deepEqual(f.auth, { method: 'password', username: 'blog@contoso.com', secret: 'external' });
    assert.equal(f.secretRef, 'k8s-secret:ghost-smtp');
    assert.equal(f.line, 4);
    assert.deepEqual(f.locations?.port, { line: 5, text: '587' });
    assert.ok(!run.secrets.has('R365CANARY-helm-mysql'));
    assertNoCanary(run);
  });

  it('reads grafana.ini, Alertmanager globals and receivers, env lists and a commented block', () => {
    const run = runFixtures(helm, import.meta.url, 'monitoring/values.yaml');
    const grafana = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(grafana.port, 587);
    assert.equal(grafana.auth.username, 'grafana@contoso.com');
    assert.equal(grafana.auth.secret, 'present');
    assert.equal(grafana.from, 'grafana@contoso.com');
    assert.equal(grafana.line, 9);
    const old = pick(run.findings, { host: 'mail.contoso.local', active: false });
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.line, 15);
    const global = pick(run.findings, { host: 'mail.contoso.local', active: true });
    assert.equal(global.port, 25);
    assert.equal(global.security, 'none', 'smtp_require_tls: false');
    assert.equal(global.from, 'alertmanager@contoso.com');
    const receiver = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(receiver.port, 587);
    assert.equal(receiver.security, 'starttls');
    assert.equal(receiver.auth.username, 'alerts.contoso@gmail.com');
    assert.equal(receiver.auth.secret, 'present');
    const backup = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(backup.port, 2525);
    assert.equal(backup.secretRef, 'k8s-secret:backup-smtp/password');
    for (const s of ['R365CANARY-helm-grafana-smtp', 'R365CANARY-helm-alertmanager']) assert.ok(run.secrets.has(s), s);
    assert.ok(!run.findings.some((f) => JSON.stringify(f).includes('adminPassword')));
    assertNoCanary(run);
  });

  it('reads the GitLab chart’s global.smtp with a password Secret reference', () => {
    const run = runFixtures(helm, import.meta.url, 'gitlab/gitlab-values.yaml');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'gitlab@contoso.com', secret: 'external' });
    assert.equal(f.secretRef, 'k8s-secret:gitlab-smtp-password/password');
    assert.equal(f.active, true);
  });

  it('table: switches, indirection and placeholders', () => {
    const rows: [string, Record<string, unknown>][] = [
      ['smtp:\n  enabled: false\n  host: mail.contoso.local\n', { active: false, inactiveReason: 'disabled' }],
      ['mail:\n  host: ${MAIL_HOST}\n  port: 25\n', { host: null, active: false, inactiveReason: 'unresolved' }],
      ['email:\n  server: "{{ .Values.global.smtp }}"\n', { active: false, inactiveReason: 'placeholder' }],
      ['smtp:\n  host: 10.1.2.3\n  port: 465\n  ssl: true\n', { host: '10.1.2.3', security: 'tls', endpointKind: 'internal' }],
      ['service:\n  host: web\n  port: 80\n', {}],
    ];
    for (const [text, want] of rows) {
      const run = runText(helm, text, '/srv/chart/values.yaml');
      if (!Object.keys(want).length) { assert.equal(run.findings.length, 0, text); continue; }
      assert.equal(run.findings.length, 1, text);
      for (const [k, v] of Object.entries(want)) assert.deepEqual((run.findings[0] as unknown as Record<string, unknown>)[k], v, `${text}: ${k}`);
    }
  });

  it('survives hostile input', () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const text of [random, `# host: ${' '.repeat(1_000_000)}x\n`, `smtp:\n  host: ${'x'.repeat(1_000_000)}\n`, `smtp: ${'['.repeat(20_000)}`, `${'- '.repeat(20_000)}smtp`, 'smtp:\n  host: "unterminated\n']) {
      assert.doesNotThrow(() => runText(helm, text, '/srv/values.yaml'));
    }
  });
});
