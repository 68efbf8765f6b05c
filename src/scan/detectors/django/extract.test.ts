import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { django } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('django', () => {
  it('reads settings with EMAIL_HOST through a variable, USE_TLS = STARTTLS and an inline password', () => {
    const run = runFixtures(django, import.meta.url, 'intranet/intranet/settings/base.py');
    const f = pick(run.findings, { active: true });
    assert.equal(f.system, 'Django');
    assert.equal(f.host, 'smtp.office365.com');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'intranet@contoso.com', secret: 'present' });
    assert.equal(f.from, 'intranet@contoso.com');
    assert.equal(f.line, 17);
    assert.deepEqual(f.locations?.host, { line: 16, text: 'smtp.office365.com' });
    assert.equal(f.valueSources?.host, 'SMTP_RELAY (line 16)');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.ok(run.secrets.has('R365CANARY-django-settings'));
    assertNoCanary(run);
  });

  it('returns the commented pre-migration relay as inactive, plain SMTP on 25', () => {
    const run = runFixtures(django, import.meta.url, 'intranet/intranet/settings/base.py');
    const old = pick(run.findings, { host: 'exchange01.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.port, 25);
    assert.equal(old.security, 'none');
    assert.equal(old.auth.method, 'none');
  });

  it('reads os.environ / django-environ settings as unresolved with the secret external', () => {
    const run = runFixtures(django, import.meta.url, 'intranet/intranet/settings/production.py');
    const f = pick(run.findings, { line: 9 });
    assert.equal(f.host, 'mail.contoso.com', 'the default given to os.environ.get');
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'unresolved');
    assert.equal(f.valueSources?.host, 'env:EMAIL_HOST');
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'env:EMAIL_HOST_PASSWORD');
    assert.equal(f.security, 'unknown');
  });

  it('yields nothing for Django\'s own global_settings.py (library defaults)', () => {
    assert.equal(runFixtures(django, import.meta.url, 'venv-copy/django/conf/global_settings.py').findings.length, 0);
    assert.equal(runText(django, 'EMAIL_HOST = "localhost"\n', '/usr/lib/python3/dist-packages/app/settings.py').findings.length, 0);
  });

  it('marks an example copy with the console backend inactive; changeme is no password', () => {
    const run = runFixtures(django, import.meta.url, 'intranet/local_settings.py.example');
    const f = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(f.active, false);
    assert.equal(f.security, 'tls');
    assert.equal(f.auth.secret, 'absent');
  });

  it('reads Flask-Mail from a config class and from app.config.update(...) over two lines', () => {
    const cls = runFixtures(django, import.meta.url, 'flasky/config.py');
    const g = pick(cls.findings, { host: 'smtp.googlemail.com' });
    assert.equal(g.system, 'Flask-Mail');
    assert.equal(g.inactiveReason, 'unresolved');
    assert.equal(g.secretRef, 'env:MAIL_PASSWORD');
    const app = runFixtures(django, import.meta.url, 'flasky/app.py');
    const f = pick(app.findings, { host: 'smtp.live.com' });
    assert.equal(f.port, 465);
    assert.equal(f.security, 'tls');
    assert.deepEqual(f.auth, { method: 'password', username: 'shop-notify@hotmail.com', secret: 'present' });
    assert.deepEqual(f.locations?.username, { line: 6, text: 'shop-notify@hotmail.com' });
    assert.equal(f.endpointKind, 'windows-live');
    assertNoCanary(app);
  });

  it('warns on a truncated settings file and keeps the broken password secret', () => {
    const run = runFixtures(django, import.meta.url, 'broken/settings.py');
    assert.ok(run.warnings.some((w) => w.code === 'parse-error'));
    assert.ok(run.secrets.has('R365CANARY-django-broken'));
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['annotated assignment, SSL', "EMAIL_HOST: str = 'mail.contoso.com'\nEMAIL_USE_SSL = True\nEMAIL_PORT = 465\n", { host: 'mail.contoso.com', security: 'tls', port: 465 }],
    ['no TLS flags is plain SMTP on 25', "EMAIL_HOST = 'relay.contoso.local'\n", { security: 'none', port: 25 }],
    ['python-decouple config()', "EMAIL_HOST = config('EMAIL_HOST')\nEMAIL_HOST_PASSWORD = config('EMAIL_HOST_PASSWORD')\n", { host: null, active: false, inactiveReason: 'unresolved', secretRef: 'env:EMAIL_HOST_PASSWORD' }],
    ['dict-style Flask config', "app.config['MAIL_SERVER'] = 'smtp.office365.com'\napp.config['MAIL_USE_TLS'] = True\napp.config['MAIL_PORT'] = 587\n", { host: 'smtp.office365.com', security: 'starttls', port: 587 }],
  ];
  for (const [name, text, want] of rows) {
    it(name, () => {
      const run = runText(django, text, '/srv/app/settings.py');
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, k);
    });
  }

  it("reads mailman3-web's settings.py: the SMTP backend with no EMAIL_HOST is Django's localhost:25; the DEBUG-only file backend does not decide", () => {
    const run = runFixtures(django, import.meta.url, 'mailman3-web/usr/share/mailman3-web/settings.py');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.security, f.active, f.line, f.endpointKind], ['localhost', 25, 'none', true, 287, 'local']);
    assert.match(f.notes?.join('\n') ?? '', /EMAIL_HOST is not set: Django's default, localhost:25/);
    const none = (text: string) => runText(django, text, '/srv/app/settings.py').findings;
    assert.deepEqual(none("EMAIL_BACKEND = 'django.core.mail.backends.console.EmailBackend'\n"), [], 'no SMTP backend, no host: nothing');
    assert.deepEqual(none("# EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\n"), [], 'commented');
    assert.equal(none("EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\nEMAIL_PORT = 2525\n")[0]?.port, 2525);
  });

  it('reads a settings block kept in a triple-quoted string as text (commented), not as the live settings', () => {
    const text = [
      "EMAIL_HOST = 'smtp.office365.com'", 'EMAIL_PORT = 587', 'EMAIL_USE_TLS = True', '',
      '"""', 'Old relay, kept for reference:', "EMAIL_HOST = 'relay.contoso.local'", 'EMAIL_PORT = 25', '"""', '',
      "NOTE = '''one line''' ; X = 1", "DEFAULT_FROM_EMAIL = 'crm@contoso.com'", '',
    ].join('\n');
    const run = runText(django, text, '/opt/crm/crm/settings.py');
    const live = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([live.active, live.port, live.security, live.from], [true, 587, 'starttls', 'crm@contoso.com']);
    const old = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.port], [false, 'commented', 25]);
  });

  it('survives hostile input', () => {
    const random = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    for (const text of [random, `EMAIL_HOST = '${'x'.repeat(1_000_000)}'`, 'EMAIL_HOST = ' + '('.repeat(20_000), 'EMAIL_HOST = a\na = b\nb = a\n', 'app.config.update(' + 'MAIL_SERVER=(,'.repeat(20_000)]) {
      assert.doesNotThrow(() => runText(django, text, '/srv/app/settings.py'));
    }
  });
});
