import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pythonSmtplib } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('python-smtplib', () => {
  it('follows host, port, user and password through module variables; starttls() = STARTTLS', () => {
    const run = runFixtures(pythonSmtplib, import.meta.url, 'scripts/backup_report.py');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'backup-report@contoso.com', secret: 'present' });
    assert.equal(f.from, 'backup-report@contoso.com');
    assert.equal(f.line, 19);
    assert.deepEqual(f.locations?.host, { line: 6, text: 'smtp.office365.com' });
    assert.deepEqual(f.locations?.port, { line: 7, text: '587' });
    assert.equal(f.role, 'script');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.ok(run.secrets.has('R365CANARY-pysmtp-1'));
    assertNoCanary(run);
  });

  it('reads SMTP_SSL as implicit TLS with the password from the environment; a commented session is inactive', () => {
    const run = runFixtures(pythonSmtplib, import.meta.url, 'scripts/legacy_alert.py');
    const f = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(f.system, 'Python smtplib (SMTP_SSL)');
    assert.equal(f.security, 'tls');
    assert.equal(f.port, 465);
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'env:ALERT_PASSWORD');
    assert.equal(f.from, 'alerts@hotmail.com');
    assert.equal(f.endpointKind, 'windows-live');
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.security, 'none');
  });

  it('reads SMTPHandler (secure=() = STARTTLS, credentials tuple) and a dictConfig handler', () => {
    const run = runFixtures(pythonSmtplib, import.meta.url, 'scripts/logging_setup.py');
    const h = pick(run.findings, { host: 'mail.contoso.com' });
    assert.equal(h.system, 'Python logging SMTPHandler');
    assert.equal(h.port, 587);
    assert.equal(h.security, 'starttls');
    assert.deepEqual(h.auth, { method: 'password', username: 'app@contoso.com', secret: 'present' });
    assert.equal(h.from, 'app@contoso.com');
    assert.deepEqual(h.locations?.host, { line: 6, text: 'mail.contoso.com' });
    const d = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(d.port, 25);
    assert.equal(d.security, 'none');
    assert.equal(d.auth.method, 'none');
    assert.equal(d.from, 'noreply@contoso.com');
    assertNoCanary(run);
  });

  it("yields nothing for Python's own smtplib.py", () => {
    assert.equal(runFixtures(pythonSmtplib, import.meta.url, 'lib/python3.11/smtplib.py').findings.length, 0);
  });

  it('warns on an unclosed call and still scrubs the password', () => {
    const run = runFixtures(pythonSmtplib, import.meta.url, 'broken/truncated.py');
    assert.ok(run.warnings.some((w) => w.code === 'parse-error' && w.line === 2));
    assert.equal(pick(run.findings, { host: 'smtp.office365.com' }).auth.secret, 'present');
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['keyword arguments', "import smtplib\nsmtplib.SMTP(host='relay.contoso.local', port=2525)\n", { host: 'relay.contoso.local', port: 2525, security: 'none' }],
    ['SMTP() then connect()', "import smtplib\ns = smtplib.SMTP()\ns.connect('mail.contoso.com', 25)\n", { host: 'mail.contoso.com', port: 25 }],
    ['host:port in one string', "from smtplib import SMTP\nSMTP('mail.contoso.com:587').starttls()\n", { host: 'mail.contoso.com', port: 587 }],
    ['host from os.environ is unresolved', "import os, smtplib\nsmtplib.SMTP(os.environ['SMTP_HOST'])\n", { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: 'env:SMTP_HOST' } }],
    ['getpass password is external', "import smtplib, getpass\ns = smtplib.SMTP_SSL('smtp.gmail.com')\ns.login('me@gmail.com', getpass.getpass())\n", { port: 465, secretRef: 'prompt:getpass', endpointKind: 'other-public' }],
    ['XOAUTH2', "import smtplib\ns = smtplib.SMTP('smtp.office365.com', 587)\ns.starttls()\ns.auth('XOAUTH2', lambda c=None: token)\n", { auth: { method: 'oauth2', username: null, secret: 'external' } }],
  ];
  for (const [name, text, want] of rows) {
    it(name, () => {
      const run = runText(pythonSmtplib, text, '/opt/scripts/mailer.py');
      assert.equal(run.findings.length, 1, JSON.stringify(run.findings));
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, k);
    });
  }

  it('survives hostile input', () => {
    const random = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    for (const text of [random, `smtplib.SMTP('${'x'.repeat(1_000_000)}')`, 'smtplib.SMTP(' + '('.repeat(20_000), 'smtplib.SMTP(a)\na = b\nb = a\n', "smtplib.SMTP('h').login(" + "'".repeat(50_000)]) {
      assert.doesNotThrow(() => runText(pythonSmtplib, text, '/opt/scripts/mailer.py'));
    }
  });
});
