import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dotenv } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('dotenv', () => {
  it('reads a Laravel .env: STARTTLS from MAIL_ENCRYPTION=tls, From interpolated from MAIL_USERNAME', () => {
    const run = runFixtures(dotenv, import.meta.url, 'laravel/.env');
    const f = pick(run.findings, { active: true });
    assert.equal(f.system, 'Laravel (.env)');
    assert.equal(f.host, 'smtp.office365.com');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'crm@contoso.com', secret: 'present' });
    assert.equal(f.from, 'crm@contoso.com');
    assert.match(f.valueSources?.from ?? '', /^env:MAIL_USERNAME from .*\.env:24$/);
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.line, 22);
    assert.deepEqual(f.locations?.host, { line: 22, text: 'smtp.office365.com' });
    assert.deepEqual(f.locations?.port, { line: 23, text: '587' });
    assert.equal(f.role, 'app');
    assert.ok(run.secrets.has('R365CANARY-dotenv-laravel'));
    assertNoCanary(run);
  });

  it('returns the commented old relay block as inactive', () => {
    const run = runFixtures(dotenv, import.meta.url, 'laravel/.env');
    const old = pick(run.findings, { host: 'relay01.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.port, 25);
    assert.equal(old.line, 18);
    assert.equal(old.endpointKind, 'internal');
    assert.equal(run.findings.length, 2);
  });

  it('marks the shipped Laravel .env.example inactive (MAIL_MAILER=log, example file)', () => {
    const run = runFixtures(dotenv, import.meta.url, 'laravel/.env.example');
    const f = pick(run.findings, { host: '127.0.0.1' });
    assert.equal(f.active, false);
    assert.equal(f.port, 2525);
    assert.equal(f.auth.method, 'none');
    assert.equal(f.auth.secret, 'absent', 'MAIL_PASSWORD=null is no password');
    assert.equal(run.secrets.size, 0);
  });

  it('reads Symfony MAILER_DSN: percent-decoded user, opportunistic STARTTLS, secret never in evidence', () => {
    const run = runFixtures(dotenv, import.meta.url, 'symfony/.env.local');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.system, 'Symfony Mailer (.env)');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.match(f.notes?.join() ?? '', /opportunistic/);
    assert.deepEqual(f.auth, { method: 'password', username: 'orders@contoso.com', secret: 'present' });
    assert.deepEqual(f.locations?.username, { line: 2, text: 'orders%40contoso.com' });
    assert.equal(f.evidence, 'MAILER_DSN=smtp://orders%40contoso.com:***@smtp.office365.com:587');
    assert.ok(run.secrets.has('R365CANARY-dotenv-dsn!'));
    assertNoCanary(run);
  });

  it('keeps the recipe default `# MAILER_DSN=null://null` as inactive and reads failover DSNs', () => {
    const skeleton = runFixtures(dotenv, import.meta.url, 'symfony/.env');
    assert.equal(skeleton.findings.length, 1);
    assert.equal(skeleton.findings[0].active, false);
    assert.equal(skeleton.findings[0].security, 'none');
    const prod = runFixtures(dotenv, import.meta.url, 'symfony/.env.prod');
    const live = pick(prod.findings, { host: 'smtp.live.com' });
    assert.equal(live.security, 'tls');
    assert.equal(live.port, 465);
    assert.equal(live.endpointKind, 'windows-live');
    const local = pick(prod.findings, { endpointKind: 'local' });
    assert.equal(local.security, 'none');
    assert.equal(local.auth.method, 'none');
    assertNoCanary(prod);
  });

  it('reads SwiftMailer MAILER_URL query credentials with encryption=tls as STARTTLS', () => {
    const run = runFixtures(dotenv, import.meta.url, 'swiftmailer/.env');
    const f = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(f.system, 'SwiftMailer (.env)');
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'shop', secret: 'present' });
    assert.ok(!f.evidence.includes('R365CANARY'));
    assertNoCanary(run);
  });

  it('reads Mastodon SMTP_* with SMTP_ENABLE_STARTTLS=auto and a quoted From', () => {
    const run = runFixtures(dotenv, import.meta.url, 'mastodon/.env.production');
    const f = pick(run.findings, { host: 'smtp-mail.outlook.com' });
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.username, 'social-notify@outlook.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'notifications@social.contoso.com');
    assert.equal(f.endpointKind, 'outlook-consumer');
    assertNoCanary(run);
  });

  it('reads Grafana GF_SMTP_HOST host:port in a CRLF file', () => {
    const run = runFixtures(dotenv, import.meta.url, 'grafana/grafana.env');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.system, 'Grafana (env)');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.notes, undefined, 'MandatoryStartTLS is required STARTTLS');
    assert.deepEqual(f.locations?.host, { line: 3, text: 'smtp.office365.com:587' });
    assertNoCanary(run);
  });

  it('reads Django EMAIL_* (USE_TLS = STARTTLS) and django-environ EMAIL_URL (smtps = STARTTLS there)', () => {
    const run = runFixtures(dotenv, import.meta.url, 'django/.env', 'django/environ.env');
    const live = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(live.system, 'Django (.env)');
    assert.equal(live.security, 'starttls');
    assert.equal(live.port, 25);
    assert.equal(live.from, 'helpdesk@contoso.com');
    assert.equal(live.auth.secret, 'present');
    const url = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(url.security, 'starttls');
    assert.equal(url.auth.username, 'reports@contoso.com');
    assertNoCanary(run);
  });

  it('resolves ${OTHER} within the file and reports unknown references as unresolved', () => {
    const run = runFixtures(dotenv, import.meta.url, 'node/.env.local');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.equal(f.active, true);
    assert.match(f.valueSources?.host ?? '', /^env:RELAY_HOST from .*:2$/);
    assert.deepEqual(f.locations?.host, { line: 2, text: 'mail.contoso.com' });
    assert.equal(f.auth.method, 'none');
    assert.equal(f.from, 'notifier@contoso.com');
    const app = pick(run.findings, { line: 9 });
    assert.equal(app.host, null);
    assert.equal(app.active, false);
    assert.equal(app.inactiveReason, 'unresolved');
    assert.deepEqual(app.valueSources, { host: 'env:OUTBOUND_RELAY' });
    assert.equal(app.auth.secret, 'external');
    assert.equal(app.secretRef, 'env:OUTBOUND_PASSWORD');
  });

  it('warns on a truncated file and still reads what it can', () => {
    const run = runFixtures(dotenv, import.meta.url, 'broken/.env');
    assert.equal(run.warnings.filter((w) => w.code === 'parse-error').length, 2);
    assert.equal(pick(run.findings, { host: 'smtp.office365.com' }).auth.secret, 'present');
    assertNoCanary(run);
  });

  const rows: [string, string, Partial<{ host: string | null; port: number | null; security: string; active: boolean; inactiveReason: string; endpointKind: string }>][] = [
    ['export and single quotes are literal', "export SMTP_HOST='smtp.office365.com'\nSMTP_PORT=587\n", { host: 'smtp.office365.com', port: 587, security: 'starttls' }],
    ['Laravel MAIL_SCHEME=smtps is implicit TLS', 'MAIL_MAILER=smtp\nMAIL_SCHEME=smtps\nMAIL_HOST=mail.contoso.com\nMAIL_PORT=465\n', { security: 'tls', port: 465 }],
    ['Laravel MAIL_ENCRYPTION=ssl is implicit TLS', 'MAIL_HOST=mail.contoso.com\nMAIL_ENCRYPTION=ssl\n', { security: 'tls' }],
    ['Laravel sendmail mailer is local', 'MAIL_MAILER=sendmail\nMAIL_HOST=mailpit\n', { endpointKind: 'local', security: 'none' }],
    ['Symfony sendmail DSN is local', 'MAILER_DSN=sendmail://default\n', { endpointKind: 'local', host: 'localhost' }],
    ['Symfony null DSN is disabled', 'MAILER_DSN=null://null\n', { active: false, inactiveReason: 'disabled' }],
    ['Symfony gmail bridge names its host', 'MAILER_DSN=gmail+smtp://me:R365CANARY-row@default\n', { host: 'smtp.gmail.com', endpointKind: 'other-public' }],
    ['Symfony Graph API DSN: `default` is the API endpoint, not a host', 'MAILER_DSN=microsoftgraph+api://APP_ID:R365CANARY-graph@default?tenantId=contoso\n', { host: null, port: null }],
    ['Symfony ACS API DSN: `default` is the API endpoint, not a host', 'MAILER_DSN=azure+api://contoso-acs:R365CANARY-acs@default\n', { host: null }],
    ['Symfony auto_tls=false is plain', 'MAILER_DSN=smtp://relay.contoso.local:25?auto_tls=false\n', { security: 'none', port: 25 }],
    ['host as an env reference is unresolved', 'SMTP_HOST=$RELAY\n', { host: null, active: false, inactiveReason: 'unresolved' }],
    ['empty host is a placeholder', 'SMTP_HOST=\nSMTP_PORT=25\n', { active: false, inactiveReason: 'placeholder' }],
    ['Grafana disabled', 'GF_SMTP_ENABLED=false\nGF_SMTP_HOST=localhost:25\n', { active: false, inactiveReason: 'disabled' }],
    ['IMAP settings are not SMTP', 'MAIL_IMAP_HOST=outlook.office365.com\nINCOMING_MAIL_HOST=imap.contoso.com\n', {}],
  ];
  for (const [name, text, want] of rows) {
    it(name, () => {
      const run = runText(dotenv, text, '/srv/app/.env');
      if (!Object.keys(want).length) { assert.equal(run.findings.length, 0); return; }
      assert.equal(run.findings.length, 1, JSON.stringify(run.findings));
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, k);
      assertNoCanary(run);
    });
  }

  it('survives hostile input', () => {
    const random = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    for (const text of [random, `MAIL_HOST="${'x'.repeat(1_000_000)}`, 'MAIL_HOST=' + '${A'.repeat(20_000), '"'.repeat(20_000), `MAIL_HOST=\${A}\nA=\${B}\nB=\${A}\n`, 'MAILER_DSN=smtp://' + '@'.repeat(100_000)]) {
      assert.doesNotThrow(() => runText(dotenv, text, '/srv/app/.env'));
    }
  });
});
