import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { superset } from './index.js';
import { django } from '../django/index.js';
import { pythonSmtplib } from '../python-smtplib/index.js';
import { DetectorMatcher } from '../../match.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const SITE = 'site/app/pythonpath/superset_config.py';

describe('superset', () => {
  it('reads a site superset_config.py: Microsoft 365 on 587 with STARTTLS and a login; the old relay commented', () => {
    const run = runFixtures(superset, import.meta.url, SITE);
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual([f.port, f.security, f.line, f.active, f.endpointKind], [587, 'starttls', 20, true, 'm365-submission']);
    assert.deepEqual(f.auth, { method: 'password', username: 'bi-reports@contoso.com', secret: 'present' });
    assert.equal(f.from, 'bi-reports@contoso.com');
    assert.deepEqual(f.locations?.port, { line: 24, text: '587' });
    assert.deepEqual(f.notes ?? [], [], 'everything is set explicitly');
    const old = pick(run.findings, { host: 'exchange01.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.security, old.port, old.line], [false, 'commented', 'none', 25, 16]);
    assert.ok(run.secrets.has('R365CANARY-superset-smtp'));
    assertNoCanary(run);
  });

  it('is not reported again by the django or python-smtplib detectors', () => {
    for (const name of [SITE, 'docker/app/docker/pythonpath_dev/superset_config_docker.py', 'broken/etc/superset/superset_config.py']) {
      assert.ok(runFixtures(superset, import.meta.url, name).findings.length > 0, name);
      for (const other of [django, pythonSmtplib]) assert.equal(runFixtures(other, import.meta.url, name).findings.length, 0, `${other.id} on ${name}`);
    }
  });

  it('reads os.getenv settings as unresolved, with the secret external', () => {
    const run = runFixtures(superset, import.meta.url, 'docker/app/docker/pythonpath_dev/superset_config_docker.py');
    const f = pick(run.findings, { line: 3 });
    assert.deepEqual([f.host, f.active, f.inactiveReason, f.port, f.security], ['localhost', false, 'unresolved', 25, 'unknown']);
    assert.deepEqual(f.valueSources, { host: 'env:SMTP_HOST', port: 'env:SMTP_PORT', username: 'env:SMTP_USER', from: 'env:SMTP_MAIL_FROM' });
    assert.deepEqual(f.auth, { method: 'password', username: null, secret: 'external' });
    assert.equal(f.secretRef, 'env:SMTP_PASSWORD');
    assert.equal(f.from, 'superset@contoso.com');
  });

  it('keeps an example copy and placeholder values inactive', () => {
    const example = runFixtures(superset, import.meta.url, `${SITE}.example`);
    assert.equal(pick(example.findings, { host: 'smtp.office365.com' }).inactiveReason, 'example-file');
    assertNoCanary(example);
    const f = pick(runFixtures(superset, import.meta.url, 'template/etc/superset/superset_config.py').findings, { line: 2 });
    assert.deepEqual([f.active, f.inactiveReason, f.auth.secret, f.auth.username, f.security], [false, 'placeholder', 'absent', null, 'starttls']);
  });

  it("yields nothing for Superset's own superset/config.py (library defaults), which the file patterns never match either", () => {
    const path = 'venv/lib/python3.11/site-packages/superset/config.py';
    assert.equal(runFixtures(superset, import.meta.url, path).findings.length, 0);
    const matcher = new DetectorMatcher([superset]);
    assert.equal(matcher.match(`/opt/${path}`), null);
    assert.ok(matcher.match('/app/pythonpath/superset_config.py') && matcher.match('/app/pythonpath/superset_config_docker.py'));
    assert.equal(runText(superset, 'SMTP_HOST = "mail.contoso.com"\n', '/usr/lib/python3/dist-packages/superset_config.py').findings.length, 0);
  });

  it('warns on an unterminated host string and keeps the broken password secret', () => {
    const run = runFixtures(superset, import.meta.url, 'broken/etc/superset/superset_config.py');
    const f = run.findings[0];
    assert.deepEqual([f.host, f.active, f.inactiveReason], [null, false, 'unresolved']);
    assert.deepEqual(run.warnings.map((w) => [w.code, w.line]), [['parse-error', 1]]);
    assert.ok(run.secrets.has('R365CANARY-superset-broken'));
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['only a host: the default login superset / superset, STARTTLS on 25', 'SMTP_HOST = "relay.contoso.local"\n', { port: 25, security: 'starttls', auth: { method: 'password', username: 'superset', secret: 'absent' } }],
    ['SMTP_USER = None: no login', 'SMTP_HOST = "relay.contoso.local"\nSMTP_USER = None\nSMTP_PASSWORD = None\nSMTP_STARTTLS = False\n', { security: 'none', auth: { method: 'none', username: null, secret: 'absent' } }],
    ['SMTP_SSL is implicit TLS', "SMTP_HOST = 'smtp.contoso.com'\nSMTP_SSL = True\nSMTP_PORT = 465\n", { security: 'tls', port: 465 }],
    ['no SMTP_HOST: the default localhost', 'SMTP_PORT = 2525\nSMTP_STARTTLS = False\n', { host: 'localhost', port: 2525, line: 1, active: true }],
    ['annotated assignment through a variable', 'RELAY = "mail.contoso.com"\nSMTP_HOST: str = RELAY\n', { host: 'mail.contoso.com', line: 2 }],
  ];
  for (const [name, text, want] of rows) {
    it(name, () => {
      const run = runText(superset, text, '/etc/superset/superset_config.py');
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, k);
    });
  }

  it('survives hostile input', () => {
    for (const text of [`SMTP_HOST = '${'x'.repeat(1_000_000)}'`, `SMTP_HOST = "unclosed\nSMTP_PASSWORD = 'R365CANARY-u\n`, 'SMTP_HOST = ' + '('.repeat(20_000), 'SMTP_HOST = a\na = b\nb = a\n', `# SMTP_HOST = "${'y'.repeat(1_000_000)}`]) {
      assert.doesNotThrow(() => assertNoCanary(runText(superset, text, '/etc/superset/superset_config.py')));
    }
  });
});
