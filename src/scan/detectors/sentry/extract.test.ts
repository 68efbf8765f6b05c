import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sentry } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const CONFIG = '/opt/sentry/sentry/config.yml';
const CONF_PY = '/opt/sentry/sentry/sentry.conf.py';

describe('sentry', () => {
  it('reads sentry/config.yml sending through Microsoft 365 with STARTTLS, and a commented-out old relay', () => {
    const run = runFixtures(sentry, import.meta.url, 'o365/opt/sentry/sentry/config.yml');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.line, f.port, f.security, f.active, f.endpointKind, f.from, f.role], [6, 587, 'starttls', true, 'm365-submission', 'sentry-alerts@contoso.com', 'app']);
    assert.deepEqual(f.auth, { method: 'password', username: 'sentry-alerts@contoso.com', secret: 'present' });
    assert.deepEqual(f.locations, {
      host: { line: 6, text: 'smtp.office365.com' }, port: { line: 7, text: '587' },
      username: { line: 8, text: 'sentry-alerts@contoso.com' }, from: { line: 12, text: 'Sentry <sentry-alerts@contoso.com>' },
    });
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.port, old.line], [false, 'commented', 25, 16]);
    assert.equal(run.findings.length, 2);
    assert.ok(run.secrets.has('R365CANARY-sentry'));
    assertNoCanary(run);
  });

  it("keeps self-hosted's shipped config.example.yml inactive (host 'smtp', the bundled relay container)", () => {
    const run = runFixtures(sentry, import.meta.url, 'selfhosted/sentry/config.example.yml');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.security, f.active, f.inactiveReason, f.line], ['smtp', 25, 'none', false, 'example-file', 9]);
    assert.ok(f.notes?.some((n) => n.includes('bundled SMTP container')));
  });

  it("reports mail.backend: 'dummy' as not SMTP", () => {
    const f = runFixtures(sentry, import.meta.url, 'dummy/etc/sentry/config.yml').findings[0];
    assert.deepEqual([f.host, f.active, f.inactiveReason], ['relay.contoso.local', false, 'not-smtp']);
  });

  it('reads SENTRY_OPTIONS in sentry.conf.py, following a variable to its literal', () => {
    const run = runFixtures(sentry, import.meta.url, 'conf/opt/sentry/sentry/sentry.conf.py');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.deepEqual([f.line, f.port, f.security, f.active, f.from], [26, 465, 'tls', true, 'sentry@contoso.com']);
    assert.deepEqual(f.locations?.host, { line: 23, text: 'mail.contoso.com' });
    assert.deepEqual(f.auth, { method: 'password', username: 'sentry@contoso.com', secret: 'present' });
    assert.deepEqual(pick(run.findings, { host: 'relay.contoso.local' }).inactiveReason, 'commented');
    assert.ok(run.secrets.has('R365CANARY-sentry-py') && !run.secrets.has('db-pass-not-mail'));
    assertNoCanary(run);
  });

  it("leaves the container image's environment-driven conf.py unresolved, with the variables named", () => {
    const run = runFixtures(sentry, import.meta.url, 'docker/etc/sentry/sentry.conf.py');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.active, f.inactiveReason, f.security, f.secretRef], [null, null, false, 'unresolved', 'unknown', 'env:SENTRY_EMAIL_PASSWORD']);
    assert.deepEqual(f.valueSources, { port: 'env:SENTRY_EMAIL_PORT', username: 'env:SENTRY_EMAIL_USER', host: 'env:SENTRY_EMAIL_HOST' });
    assert.deepEqual(f.auth, { method: 'password', username: null, secret: 'external' });
    assert.ok(f.notes?.some((n) => n.includes('smtp, dummy')));
  });

  it('survives a broken config.yml: the unclosed password is still scrubbed', () => {
    const run = runFixtures(sentry, import.meta.url, 'broken/srv/sentry/sentry/config.yml');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.port, f.security, f.auth.secret], [587, 'starttls', 'present']);
    assert.ok(run.warnings.some((w) => w.code === 'parse-error'));
    assert.ok(run.secrets.has('R365CANARY-sentry-broken'));
    assertNoCanary(run);
  });

  const rows: [string, string, string, Record<string, unknown>][] = [
    ['backend only: the default host', CONFIG, "mail.backend: 'smtp'\n", { host: '127.0.0.1', port: 25, endpointKind: 'local', active: true }],
    ['placeholder host', CONFIG, "mail.host: 'smtp.yourdomain.com'\n", { active: false, inactiveReason: 'placeholder' }],
    ['empty host', CONFIG, "mail.host: ''\n", { host: null, active: false, inactiveReason: 'placeholder' }],
    ['nested YAML spelling', CONFIG, 'mail:\n  host: relay.contoso.local\n  use-ssl: true\n  port: 465\n', { host: 'relay.contoso.local', security: 'tls', port: 465 }],
    ['Django backend path', CONF_PY, "SENTRY_OPTIONS['mail.backend'] = 'django.core.mail.backends.smtp.EmailBackend'\nSENTRY_OPTIONS['mail.host'] = 'relay.contoso.local'\n", { active: true, security: 'none' }],
    ['console backend', CONF_PY, "SENTRY_OPTIONS['mail.backend'] = 'console'\nSENTRY_OPTIONS['mail.host'] = 'relay.contoso.local'\n", { active: false, inactiveReason: 'not-smtp' }],
    ['plain host, defaults for the rest', CONFIG, "mail.host: 'relay.contoso.local'\n", { active: true, port: 25, security: 'none' }],
  ];
  for (const [name, path, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(sentry, text, path);
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
    });
  }

  it('reports nothing for files that set only the sender or list namespace', () => {
    assert.equal(runText(sentry, "SENTRY_OPTIONS['mail.list-namespace'] = env('SENTRY_MAIL_HOST', 'localhost')\nSENTRY_OPTIONS['mail.from'] = f\"sentry@{SENTRY_OPTIONS['mail.list-namespace']}\"\n", CONF_PY).findings.length, 0);
  });

  it('survives hostile input', () => {
    for (const [text, path] of [
      [`mail.host: '${'a'.repeat(1_000_000)}`, CONFIG],
      [`mail.password: "${'\\'.repeat(100_000)}`, CONFIG],
      [`mail.host: ${'['.repeat(20_000)}`, CONFIG],
      [`${'- '.repeat(10_000)}mail.host: x`, CONFIG],
      [`SENTRY_OPTIONS['mail.host'] = '${'a'.repeat(1_000_000)}'`, CONF_PY],
      [`SENTRY_OPTIONS['mail.host'] = ${'int('.repeat(20_000)}`, CONF_PY],
      [String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), CONF_PY],
    ]) assert.doesNotThrow(() => runText(sentry, text, path));
  });
});
