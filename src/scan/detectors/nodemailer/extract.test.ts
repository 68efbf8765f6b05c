import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nodemailer } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('nodemailer', () => {
  it('reads createTransport({...}): requireTLS = required STARTTLS, From from sendMail, old cipher recipe noted', () => {
    const run = runFixtures(nodemailer, import.meta.url, 'notifier/src/mailer.js');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.ok(!f.notes?.some((n) => /opportunistic/.test(n)));
    assert.match(f.notes?.join() ?? '', /SSLv3/);
    assert.deepEqual(f.auth, { method: 'password', username: 'notifier@contoso.com', secret: 'present' });
    assert.equal(f.from, 'notifier@contoso.com');
    assert.deepEqual(f.locations?.host, { line: 6, text: 'smtp.office365.com' });
    assert.deepEqual(f.locations?.username, { line: 11, text: 'notifier@contoso.com' });
    assert.equal(f.line, 5);
    assert.equal(f.role, 'app');
    const old = pick(run.findings, { host: 'relay01.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.ok(run.secrets.has('R365CANARY-nodemailer-1'));
    assertNoCanary(run);
  });

  it("reads an smtps:// URL from a const and resolves service: 'hotmail' through nodemailer's own table", () => {
    const run = runFixtures(nodemailer, import.meta.url, 'reports/send.mjs');
    const url = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(url.security, 'tls');
    assert.equal(url.port, 465);
    assert.deepEqual(url.auth, { method: 'password', username: 'reports@contoso.com', secret: 'present' });
    assert.equal(url.from, 'reports@contoso.com');
    const hotmail = pick(run.findings, { host: 'smtp-mail.outlook.com' });
    assert.equal(hotmail.port, 587);
    assert.equal(hotmail.endpointKind, 'outlook-consumer');
    assert.equal(hotmail.auth.secret, 'external');
    assert.equal(hotmail.secretRef, 'env:MAIL_PASS');
    assert.deepEqual(hotmail.locations?.host, { line: 7, text: 'hotmail' });
    assertNoCanary(run);
  });

  it('reads OAuth2 auth; process.env host with a default is unresolved', () => {
    const run = runFixtures(nodemailer, import.meta.url, 'reports/oauth.ts');
    const f = pick(run.findings, { line: 5 });
    assert.equal(f.auth.method, 'oauth2');
    assert.equal(f.auth.username, 'reports@contoso.com');
    assert.equal(f.host, 'smtp.office365.com');
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'unresolved');
    assert.deepEqual(f.valueSources, { host: 'env:SMTP_HOST', port: 'env:SMTP_PORT' });
    assert.ok(run.secrets.has('R365CANARY-nodemailer-oauth'));
    assertNoCanary(run);
  });

  it("yields nothing for nodemailer's own source (it defines createTransport)", () => {
    assert.equal(runFixtures(nodemailer, import.meta.url, 'lib/nodemailer.js').findings.length, 0);
    assert.equal(runText(nodemailer, "createTransport({ host: 'x.contoso.com' })", '/srv/app/node_modules/x/index.js').findings.length, 0);
  });

  it('warns on an unclosed call', () => {
    const run = runFixtures(nodemailer, import.meta.url, 'broken/truncated.js');
    assert.deepEqual(run.warnings.map((w) => [w.code, w.line]), [['parse-error', 2]]);
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['service names are case-insensitive and include aliases', "nodemailer.createTransport({ service: 'Outlook365', auth: { user: 'a@contoso.com', pass: process.env.P } })", { host: 'smtp.office365.com', port: 587, endpointKind: 'm365-submission' }],
    ['service alias with a space', "nodemailer.createTransport({ service: 'Google Mail' })", { host: 'smtp.gmail.com', port: 465, security: 'tls' }],
    ['secure: true = implicit TLS, default port 465', "nodemailer.createTransport({ host: 'mail.contoso.com', secure: true })", { security: 'tls', port: 465 }],
    ['ignoreTLS = plain', "nodemailer.createTransport({ host: 'relay.contoso.local', port: 25, ignoreTLS: true })", { security: 'none', port: 25 }],
    ['sendmail transport is local', 'nodemailer.createTransport({ sendmail: true, newline: "unix" })', { endpointKind: 'local', security: 'none' }],
    ['jsonTransport sends nothing', 'nodemailer.createTransport({ jsonTransport: true })', { active: false, inactiveReason: 'disabled' }],
    ['URL from process.env', 'nodemailer.createTransport(process.env.SMTP_URL)', { host: null, active: false, valueSources: { host: 'env:SMTP_URL' } }],
    ['options from a const object', "const opts = { host: 'mail.contoso.com', port: 2525 };\nnodemailer.createTransport(opts);", { host: 'mail.contoso.com', port: 2525 }],
    ['TypeScript cast', "nodemailer.createTransport({ host: 'mail.contoso.com', port: 587 } as SMTPTransport.Options)", { host: 'mail.contoso.com' }],
  ];
  for (const [name, text, want] of rows) {
    it(name, () => {
      const run = runText(nodemailer, text, '/srv/app/mail.ts');
      assert.equal(run.findings.length, 1, JSON.stringify(run));
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, k);
    });
  }

  it('a custom transport (its own send function) is not SMTP: no localhost:587 made up for it', () => {
    const run = runText(nodemailer, "const t = nodemailer.createTransport({ name: 'graph', version: '1', send: (mail, done) => graphSend(mail, done) });\n", '/srv/app/mail.js');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'not-smtp');
    assert.equal(f.host, null);
    assert.match(f.notes?.join() ?? '', /custom transport/);
    const ses = runText(nodemailer, "createTransport({ transport: 'ses', SES: { ses, aws } });\n", '/srv/app/mail.js').findings[0];
    assert.match(ses.notes?.join() ?? '', /SES API transport/, 'the SES transport keeps its own note');
  });

  it("leaves other libraries' createTransport alone: socket.io's, a minified bundle, a logger's", () => {
    const none = (text: string, path = '/srv/app/lib.js') => assert.deepEqual(runText(nodemailer, text, path).findings, [], text);
    none('this.transport = this.createTransport(t); function x(){ return e.createTransport(this.opts) }\n');
    none('const t = winston.createTransport({ level: "info", filename: "app.log" });\n');
    none('var a=nodemailer.createTransport({host:"smtp.contoso.com",port:587});', '/srv/app/public/vendor.min.js');
    assert.equal(runText(nodemailer, "const mail = require('nodemailer');\nconst t = mail.createTransport(settings.smtp);\n", '/srv/app/mail.js').findings[0]?.inactiveReason, 'unresolved', 'with nodemailer in the file, an unresolved call is still reported');
    assert.equal(runText(nodemailer, "const t = createTransport({ host: 'smtp.contoso.com', port: 587 });\n", '/srv/app/mail.js').findings[0]?.host, 'smtp.contoso.com', 'an SMTP-shaped call counts without the import');
  });

  it('survives hostile input', () => {
    const random = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    for (const text of [random + 'createTransport(', `createTransport({ host: '${'x'.repeat(1_000_000)}' })`, 'createTransport(' + '{a:'.repeat(20_000), 'createTransport(' + '/*'.repeat(50_000), 'const a = b; const b = a; createTransport(a)']) {
      assert.doesNotThrow(() => runText(nodemailer, text, '/srv/app/mail.js'));
    }
  });
});
