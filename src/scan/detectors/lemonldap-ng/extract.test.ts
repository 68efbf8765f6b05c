import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lemonldapNg } from './index.js';
import type { Finding } from '../../../inventory/types.js';
import type { ExtractContext, SourceFile } from '../../detector.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const INI = 'etc/lemonldap-ng/lemonldap-ng.ini';
const CONF = 'var/lib/lemonldap-ng/conf';

/** Several in-memory files of one scan (pairing rules no fixture needs to carry). */
function runFiles(files: Record<string, string>): Finding[] {
  const sources: SourceFile[] = Object.entries(files).map(([path, content]) => ({ path, content, exampleFile: /\.bak$/.test(path) }));
  const ctx = (path: string): ExtractContext => ({ path, exampleFile: false, warn: () => {}, secret: () => {} });
  return lemonldapNg.extractAll!(sources, ctx);
}

const iniFor = (portal: string, configuration = 'type = File\ndirName = /var/lib/lemonldap-ng/conf\n') => `[all]\n[configuration]\n${configuration}[portal]\n${portal}`;

describe('lemonldap-ng', () => {
  it("reads Debian's files: the ini keeps SMTPServer = localhost commented out, lmConf-1.json sets no mail at all", () => {
    const run = runFixtures(lemonldapNg, import.meta.url, `debian/${INI}`, `debian/${CONF}/lmConf-1.json`);
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.match(f.path, /debian\/etc\/lemonldap-ng\/lemonldap-ng\.ini$/);
    assert.deepEqual([f.host, f.port, f.security, f.line, f.active, f.inactiveReason, f.endpointKind], ['localhost', 25, 'none', 248, false, 'commented', 'local']);
    assert.deepEqual(f.auth, { method: 'password', username: 'toto', secret: 'absent' }, 'SMTPAuthPass = secret is documentation');
    assert.equal(f.from, 'noreply@example.com');
    assert.equal(f.evidence, ';SMTPServer = localhost');
    assert.deepEqual(f.locations, { host: { line: 248, text: 'localhost' }, username: { line: 250, text: 'toto' }, from: { line: 254, text: 'noreply@example.com' } });
    assert.match(f.notes!.join('\n'), /refuses AUTH before STARTTLS/);
    assert.equal(run.secrets.size, 0, 'the documented passwords (secret, password, mypassword) are not secrets');
  });

  it('reads a site: lmConf-2.json (the newest) sends through Microsoft 365 with STARTTLS, lmConf-1.json is history, the ini sets mailFrom', () => {
    const run = runFixtures(lemonldapNg, import.meta.url, `site/${INI}`, `site/${CONF}/lmConf-1.json`, `site/${CONF}/lmConf-2.json`);
    assert.equal(run.findings.length, 3);
    const live = pick(run.findings, { host: 'smtp.office365.com' });
    assert.match(live.path, /lmConf-2\.json$/);
    assert.deepEqual([live.line, live.port, live.security, live.endpointKind, live.active], [5, 587, 'starttls', 'm365-submission', true]);
    assert.deepEqual(live.auth, { method: 'password', username: 'sso-mailer@contoso.com', secret: 'present' });
    assert.match(live.secretRef ?? '', /^inline:.*site\/var\/lib\/lemonldap-ng\/conf\/lmConf-2\.json:2$/);
    assert.equal(live.from, 'sso-noreply@contoso.com', 'lemonldap-ng.ini [portal] mailFrom over the global one');
    assert.equal(live.evidence, '"SMTPServer": "smtp.office365.com"');
    assert.deepEqual(live.locations, {
      host: { line: 5, text: 'smtp.office365.com' }, port: { line: 4, text: '587' }, security: { line: 6, text: 'starttls' }, username: { line: 3, text: 'sso-mailer@contoso.com' },
    });
    assert.match(live.notes!.join('\n'), /mailFrom from lemonldap-ng\.ini \[portal\]/);
    assert.equal(live.role, 'app');
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.deepEqual([old.port, old.security, old.active, old.inactiveReason], [25, 'none', false, 'overridden']);
    assert.match(old.notes!.join('\n'), /older revision: LemonLDAP::NG uses lmConf-2\.json/);
    const commented = pick(run.findings, { host: 'localhost' });
    assert.deepEqual([commented.active, commented.inactiveReason, commented.port, commented.security], [false, 'commented', 587, 'starttls'], 'the global SMTPPort and SMTPTLS would apply');
    assert.ok(run.secrets.has('R365CANARY-lemonldap-ng'));
    assertNoCanary(run);
  });

  it('reads an override: an empty SMTPServer in [portal] sends through the local sendmail, over the relay of lmConf-7.json', () => {
    const run = runFixtures(lemonldapNg, import.meta.url, `override/${INI}`, `override/${CONF}/lmConf-7.json`);
    const local = pick(run.findings, { line: 250 });
    assert.deepEqual([local.host, local.port, local.endpointKind, local.active, local.security], [null, null, 'local', true, 'unknown']);
    assert.deepEqual(local.auth, { method: 'none', username: null, secret: 'absent' });
    assert.equal(local.from, 'sso@contoso.com');
    assert.match(local.notes!.join('\n'), /local sendmail/);
    const relay = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([relay.active, relay.inactiveReason], [false, 'overridden']);
    assert.match(relay.notes!.join('\n'), /lemonldap-ng\.ini \[portal\] sets SMTPServer/);
    assert.ok(run.secrets.has('R365CANARY-lemonldap-ng-7'));
    assertNoCanary(run);
  });

  it('keeps placeholder values inactive and their password absent', () => {
    const run = runFixtures(lemonldapNg, import.meta.url, `placeholder/${INI}`);
    const f = pick(run.findings, { host: 'smtp.yourdomain.com' });
    assert.deepEqual([f.active, f.inactiveReason, f.port, f.security], [false, 'placeholder', 587, 'starttls']);
    assert.equal(f.auth.secret, 'absent', 'changeme');
    assert.equal(run.secrets.size, 0);
  });

  it('reads a revision cut short: a warning, the port in SMTPServer, SMTPTLS = tls is plain, a user without password', () => {
    const run = runFixtures(lemonldapNg, import.meta.url, `broken/${CONF}/lmConf-3.json`);
    assert.equal(run.warnings[0]?.code, 'parse-error');
    const f = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([f.port, f.security, f.active, f.from], [2525, 'none', true, 'noreply@example.com']);
    const notes = f.notes!.join('\n');
    assert.match(notes, /SMTPTLS = tls is not starttls or ssl/);
    assert.match(notes, /port written in SMTPServer wins over SMTPPort/);
    assert.match(notes, /without SMTPAuthPass/);
    assert.match(notes, /default noreply@example\.com/);
  });

  it('pairs the ini with the revisions in its dirName, in its own tree only; another backend leaves the files unused', () => {
    const findings = runFiles({
      [`/srv/a/${INI}`]: iniFor('mailFrom = sso@a.contoso.com\n', 'type = CDBI\ndirName = /var/lib/lemonldap-ng/conf\n'),
      [`/srv/a/${CONF}/lmConf-4.json`]: '{ "SMTPServer" : "relay-a.contoso.com" }',
      [`/srv/b/${CONF}/lmConf-9.json`]: '{ "SMTPServer" : "relay-b.contoso.com" }',
      [`/srv/b/${CONF}/lmConf-12.json.bak`]: '{ "SMTPServer" : "relay-bak.contoso.com" }',
    });
    const a = pick(findings, { host: 'relay-a.contoso.com' });
    assert.deepEqual([a.active, a.inactiveReason], [false, 'unused']);
    assert.match(a.notes!.join('\n'), /type = CDBI/);
    const b = pick(findings, { host: 'relay-b.contoso.com' });
    assert.deepEqual([b.active, b.from], [true, 'noreply@example.com'], "a's ini is not b's; a .bak copy is not the newest revision");
    assert.equal(pick(findings, { host: 'relay-bak.contoso.com' }).inactiveReason, 'example-file');
  });

  const rows: [string, string, string, Partial<Finding> | null][] = [
    ['SMTPTLS = ssl: implicit TLS on 465', INI, '[all]\nSMTPServer = smtp.contoso.com\nSMTPTLS = ssl\n', { port: 465, security: 'tls' }],
    ['SMTPTLS = starttls: port 587', INI, '[portal]\nSMTPServer = smtp.contoso.com\nSMTPTLS = StartTLS\n', { port: 587, security: 'starttls' }],
    ['no SMTPTLS: plain on 25', INI, '[portal]\nSMTPServer = smtp.contoso.com\n', { port: 25, security: 'none' }],
    ['SMTPPort 0 is no port', INI, '[portal]\nSMTPServer = smtp.contoso.com\nSMTPPort = 0\n', { port: 25 }],
    ['SMTPServer "0" is false in Perl: sendmail', INI, '[portal]\nSMTPServer = 0\n', { host: null, endpointKind: 'local' }],
    ['SMTPAuthUser "0" is false in Perl: no AUTH', INI, '[portal]\nSMTPServer = smtp.contoso.com\nSMTPAuthUser = 0\nSMTPAuthPass = x1y2z3\n', { auth: { method: 'none', username: null, secret: 'absent' } }],
    ['[manager] mails too', INI, '[manager]\nSMTPServer = smtp.contoso.com\n', { line: 2, active: true }],
    ['[handler] sends no mail', INI, '[handler]\nSMTPServer = smtp.contoso.com\n', null],
    ['keys are case-sensitive', INI, '[portal]\nsmtpserver = smtp.contoso.com\n', null],
    ['an inline comment is part of the value', INI, '[portal]\nSMTPServer = smtp.contoso.com ; old\n', { host: 'smtp.contoso.com ; old' }],
    ['a JSON revision on one line', `${CONF}/lmConf-5.json`, '{"SMTPServer":"smtp.contoso.com","SMTPPort":"2525","mailFrom":"sso@contoso.com"}', { port: 2525, from: 'sso@contoso.com', evidence: '"SMTPServer": "smtp.contoso.com"' }],
    ['SMTPServer only in a nested hash', `${CONF}/lmConf-5.json`, '{"vhostOptions":{"a":{"SMTPServer":"smtp.contoso.com"}}}', null],
  ];
  for (const [name, path, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(lemonldapNg, text, `/${path}`);
      assert.equal(run.findings.length, want ? 1 : 0);
      if (want) pick(run.findings, want);
    });
  }

  it('survives hostile input', () => {
    const hostile: [string, string][] = [
      [INI, '[portal]\nSMTPServer = ' + 'a'.repeat(1_000_000)],
      [INI, '[portal]\n' + ';SMTPServer = x.contoso.com\n'.repeat(20_000)],
      [INI, '[portal]\nSMTPServer = x \\\n'.repeat(20_000)],
      [INI, '['.repeat(1_000_000)],
      [`${CONF}/lmConf-1.json`, '{"SMTPServer":' + '['.repeat(200_000)],
      [`${CONF}/lmConf-1.json`, '{"SMTPServer":"' + 'x'.repeat(1_000_000)],
      [`${CONF}/lmConf-1.json`, '{' + '"SMTPServer":"a",'.repeat(50_000) + '}'],
      [`${CONF}/lmConf-1.json`, '\u0000{"SMTPServer"\u0001:\u0002'],
    ];
    for (const [path, text] of hostile) assert.doesNotThrow(() => runText(lemonldapNg, text, `/${path}`));
    assert.equal(runText(lemonldapNg, hostile[1][1], `/${INI}`).warnings[0]?.code, 'too-large');
  });
});
