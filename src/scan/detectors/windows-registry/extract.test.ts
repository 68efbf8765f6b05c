import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { windowsRegistry } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';
import { bytesToText, parseReg } from './reg.js';

describe('windows-registry', () => {
  it('reads Outlook Express accounts from a UTF-16 export (dwords, sicily modes, encrypted passwords, deleted keys)', () => {
    const run = runFixtures(windowsRegistry, import.meta.url, 'outlook-express.reg');
    const hotmail = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(hotmail.port, 587, 'dword:0000024b');
    assert.equal(hotmail.security, 'starttls');
    assert.deepEqual(hotmail.auth, { method: 'password', username: 'frontdesk.contoso@hotmail.com', secret: 'present' });
    assert.match(hotmail.secretRef ?? '', /POP3 Password2 \(encrypted\)$/);
    assert.equal(hotmail.from, 'frontdesk.contoso@hotmail.com');
    assert.equal(hotmail.endpointKind, 'windows-live');
    assert.equal(hotmail.role, 'client');
    assert.equal(hotmail.line, 15);
    assert.deepEqual(hotmail.locations?.port, { line: 16, text: '0000024b' });
    assert.ok(hotmail.notes?.some((n) => /reuses the POP3 login/.test(n)));
    const relay = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(relay.port, 25);
    assert.equal(relay.security, 'none');
    assert.deepEqual(relay.auth, { method: 'password', username: 'CONTOSO\\svc-scan', secret: 'present' });
    const gone = pick(run.findings, { host: 'smtp.oldisp.net' });
    assert.equal(gone.active, false);
    assert.equal(gone.inactiveReason, 'deleted');
    assert.ok(run.secrets.has('R365CANARY-oe-smtp'), 'an encrypted-looking blob that decodes to text is scrubbed as text too');
    assertNoCanary(run);
  });

  it('decodes Outlook profile values written as UTF-16 hex and skips the Exchange account', () => {
    const run = runFixtures(windowsRegistry, import.meta.url, 'outlook-profile.reg');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.equal(f.host, 'smtp.office365.com');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls', 'SMTP Secure Connection 2 = TLS (STARTTLS)');
    assert.deepEqual(f.auth, { method: 'password', username: 'orders@contoso.com', secret: 'present' });
    assert.match(f.secretRef ?? '', /\\IMAP Password \(DPAPI-encrypted\)$/);
    assert.ok(f.notes?.some((n) => /reuses the IMAP login/.test(n)));
    assert.equal(f.from, 'orders@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.locations?.host, undefined, 'a hex-encoded value cannot be patched as text');
    assert.match(f.evidence, /hex:… \(smtp\.office365\.com\)/);
    assertNoCanary(run);
  });

  it('reads Blat defaults from a REGEDIT4 export, commented values stay inactive', () => {
    const run = runFixtures(windowsRegistry, import.meta.url, 'blat.reg');
    const blat = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(blat.port, 25);
    assert.equal(blat.security, 'none');
    assert.deepEqual(blat.auth, { method: 'password', username: 'svc-blat', secret: 'present' });
    assert.equal(blat.from, 'nightly-jobs@contoso.com');
    assert.equal(blat.role, 'script');
    assert.ok(run.secrets.has('R365CANARY-blat'), 'the base64 Pwd is decoded and scrubbed');
    const gmail = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(gmail.active, false);
    assert.equal(gmail.inactiveReason, 'commented');
    assert.equal(gmail.port, 465);
    assertNoCanary(run);
  });

  it('keeps the live value when a commented one of the same name follows it', () => {
    const text = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n'
      + '"Account Name"="Reports"\r\n"SMTP Server"="smtp.contoso.com"\r\n"SMTP Port"=dword:0000024b\r\n;"SMTP Server"="old-relay.contoso.local"\r\n';
    const run = runText(windowsRegistry, text, 'C:\\exports\\accounts.reg');
    const live = pick(run.findings, { host: 'smtp.contoso.com' });
    assert.deepEqual([live.active, live.port], [true, 587]);
  });

  it('reads what it can of a truncated export', () => {
    const run = runFixtures(windowsRegistry, import.meta.url, 'truncated.reg');
    const f = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(f.port, 25, 'dword:0000 is 0: the default port applies');
  });

  it('table: account families by key path', () => {
    const rows: [string, string, string][] = [
      ['HKEY_CURRENT_USER\\Software\\Microsoft\\Windows Live Mail\\Accounts\\{6E1A2B3C}', 'Outlook Express / Windows Mail (registry)', 'client'],
      ['HKEY_CURRENT_USER\\Identities\\{2F5B}\\Software\\Microsoft\\Outlook Express\\5.0\\Accounts\\00000001', 'Outlook Express / Windows Mail (registry)', 'client'],
      ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Mailer', 'Mail account (registry)', 'client'],
    ];
    for (const [key, system, role] of rows) {
      const run = runText(windowsRegistry, `Windows Registry Editor Version 5.00\n\n[${key}]\n"SMTP Server"="mail.contoso.local"\n"SMTP Port"=dword:00000019\n`, 'C:\\exports\\mail.reg');
      assert.equal(run.findings[0]?.system, system, key);
      assert.equal(run.findings[0]?.role, role, key);
      assert.equal(run.findings[0]?.port, 25, key);
    }
  });

  it('table: value encodings', () => {
    assert.equal(bytesToText(Uint8Array.from([0x73, 0, 0x6d, 0, 0x74, 0, 0x70, 0, 0, 0]), null), 'smtp');
    assert.equal(bytesToText(Uint8Array.from([0x73, 0x6d, 0x74, 0x70, 0]), false), 'smtp');
    assert.equal(bytesToText(Uint8Array.from([0x01, 0x9f, 0x00, 0xd0, 0x8c, 0x07]), null), null);
    const { keys, unicode } = parseReg('REGEDIT4\n\n[HKEY_CURRENT_USER\\x]\n"A"="q\\"uote"\n@="default"\n"B"=hex(2):25,00,54,00\n"C"=-\n');
    assert.equal(unicode, false);
    assert.equal(keys[0].values.get('a')?.text, 'q"uote');
    assert.equal(keys[0].values.get('@')?.text, 'default');
    assert.equal(keys[0].values.get('c')?.kind, 'delete');
  });

  it("is quiet about other formats named .reg (PEAR's serialised registry), and warns about a headerless export", () => {
    const pear = runText(windowsRegistry, 'a:22:{s:7:"attribs";a:6:{s:7:"package";s:8:"Net_SMTP";s:7:"channel";s:12:"pear.php.net";}}', '/usr/share/php/.registry/net_smtp.reg');
    assert.deepEqual([pear.findings, pear.warnings], [[], []]);
    const headless = runText(windowsRegistry, '[HKEY_CURRENT_USER\\Software\\Blat]\n"SMTP Server"="relay.contoso.local"\n', 'C:\\exports\\blat.reg');
    assert.match(headless.warnings[0]?.message ?? '', /no \.reg header/);
    assert.equal(headless.findings[0]?.host, 'relay.contoso.local');
  });

  it('survives hostile input', () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const text of [random, `REGEDIT4\n[k]\n${' '.repeat(1_000_000)}x\n"SMTP Server"=hex:${' '.repeat(1_000_000)}z\n`, `REGEDIT4\n[k]\n"SMTP Server"="${'x'.repeat(1_000_000)}"\n`, `REGEDIT4\n[k]\n"SMTP Server"=hex:${'00,\\\n'.repeat(20_000)}`, `[${'['.repeat(20_000)}\n"SMTP Server"="a"`, '"SMTP Server"="orphan"\n']) {
      assert.doesNotThrow(() => runText(windowsRegistry, text, 'C:\\exports\\mail.reg'));
    }
  });
});
