import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { airflow } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('airflow', () => {
  it("reads a deployed airflow.cfg with the template's [smtp]: the site's own setting, localhost:25 with STARTTLS", () => {
    const run = runFixtures(airflow, import.meta.url, 'deployed/home/airflow/airflow/airflow.cfg');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.security, f.line, f.active, f.endpointKind], ['localhost', 25, 'starttls', 41, true, 'local']);
    assert.deepEqual(f.auth, { method: 'none', username: null, secret: 'absent' });
    assert.equal(f.from, 'airflow@example.com');
    assert.deepEqual(f.locations?.port, { line: 48, text: '25' });
    assertNoCanary(run);
  });

  it('reads `airflow config list --defaults` output: every option commented, localhost with STARTTLS', () => {
    const run = runFixtures(airflow, import.meta.url, 'defaults-commented/opt/airflow/airflow.cfg');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.security, f.line, f.active, f.inactiveReason], ['localhost', 25, 'starttls', 15, false, 'commented']);
    assert.ok(f.notes?.some((n) => n.includes("Airflow's default is localhost:25")));
  });

  it('reads a site relay: Microsoft 365 on 587 with STARTTLS and a login; the old relay commented', () => {
    const run = runFixtures(airflow, import.meta.url, 'site/opt/airflow/airflow.cfg');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.port, f.security, f.line, f.active, f.endpointKind], [587, 'starttls', 14, true, 'm365-submission']);
    assert.deepEqual(f.auth, { method: 'password', username: 'airflow@contoso.com', secret: 'present' });
    assert.equal(f.from, 'airflow@contoso.com', 'smtp_mail_from wins over [email] from_email');
    assert.deepEqual(f.locations?.username, { line: 17, text: 'airflow@contoso.com' });
    const old = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.security, old.port, old.from], [false, 'commented', 'none', 25, 'noreply-data@contoso.com']);
    assert.ok(run.secrets.has('R365CANARY-airflow%%smtp') && run.secrets.has('R365CANARY-airflow%smtp'), 'as written and as Airflow reads it');
    assertNoCanary(run);
  });

  it('keeps an example copy and placeholder values inactive', () => {
    const example = runFixtures(airflow, import.meta.url, 'site/opt/airflow/airflow.cfg.example');
    assert.equal(pick(example.findings, { host: 'smtp.office365.com' }).inactiveReason, 'example-file');
    assertNoCanary(example);
    const f = runFixtures(airflow, import.meta.url, 'template/opt/airflow/airflow.cfg').findings[0];
    assert.deepEqual([f.active, f.inactiveReason, f.auth.secret, f.auth.username], [false, 'placeholder', 'absent', null]);
  });

  it('marks [smtp] unused when email_backend is a provider API; a password command is external', () => {
    const f = runFixtures(airflow, import.meta.url, 'provider/opt/airflow/airflow.cfg').findings[0];
    assert.deepEqual([f.active, f.inactiveReason, f.security, f.port], [false, 'disabled', 'starttls', 587]);
    assert.deepEqual(f.auth, { method: 'password', username: 'AKIAEXAMPLE', secret: 'external' });
    assert.equal(f.secretRef, 'command:/usr/local/bin/get-secret ses-smtp');
    assert.ok(f.notes?.some((n) => n.includes('email_conn_id = aws_default')));
  });

  it('warns on a broken file and keeps its folded password secret', () => {
    const run = runFixtures(airflow, import.meta.url, 'broken/srv/airflow/airflow.cfg');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.deepEqual([f.port, f.security, f.active], [null, 'unknown', true]);
    assert.deepEqual(run.warnings.map((w) => w.line).sort(), [2, 3, 4]);
    assert.ok(run.secrets.has("'R365CANARY-airflow-broken\ncontinued"));
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['smtp_ssl is implicit TLS', '[smtp]\nsmtp_host = mail.contoso.com\nsmtp_ssl = True\nsmtp_starttls = False\nsmtp_port = 465\n', { security: 'tls', port: 465 }],
    ['smtp_starttls = False is plain SMTP', '[smtp]\nsmtp_host = relay.contoso.local\nsmtp_starttls = False\n', { security: 'none', port: 25 }],
    ['keys are case-insensitive', '[smtp]\nSMTP_HOST = mail.contoso.com\nSMTP_PORT = 2525\n', { host: 'mail.contoso.com', port: 2525, security: 'starttls' }],
    ['a password in a secrets backend', '[smtp]\nsmtp_host = mail.contoso.com\nsmtp_user = af\nsmtp_password_secret = smtp/password\n', { secretRef: 'secrets-backend:smtp/password', auth: { method: 'password', username: 'af', secret: 'external' } }],
  ];
  for (const [name, text, want] of rows) {
    it(name, () => {
      const run = runText(airflow, text, '/opt/airflow/airflow.cfg');
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, k);
    });
  }

  it("yields nothing for the package's own template", () => {
    const template = '[smtp]\nsmtp_host = localhost\nsmtp_port = 25\n';
    assert.equal(runText(airflow, template, '/usr/local/lib/python3.11/site-packages/airflow/config_templates/default_airflow.cfg').findings.length, 0);
    assert.equal(runText(airflow, template, '/src/airflow/airflow/config_templates/airflow.cfg').findings.length, 0);
  });

  it('survives hostile input', () => {
    for (const text of [`[smtp]\nsmtp_host = ${'h'.repeat(1_000_000)}`, `[smtp]\nsmtp_host = "x\nsmtp_password = "R365CANARY-u\n`, `[${'['.repeat(1_000_000)}`, `[smtp]\nsmtp_host = a\n${' x\n'.repeat(200_000)}`, '\u0000[smtp]\u0001smtp_host=\uffff']) {
      assert.doesNotThrow(() => assertNoCanary(runText(airflow, text, '/opt/airflow/airflow.cfg')));
    }
  });
});
