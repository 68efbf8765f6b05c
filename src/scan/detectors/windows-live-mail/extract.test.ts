import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { windowsLiveMail } from './index.js';
import { dword } from './extract.js';
import { assertNoCanary, fixturesDir, pick, runFixtures, runText } from '../../testing.js';
import { scanPaths } from '../../scan.js';

const hotmail = 'Users/jdoe/AppData/Local/Microsoft/Windows Live Mail/Hotmail (j.doe)/account{5E0E9F25-2B8A-4C1E-9A8D-0F1B2C3D4E5F}.oeaccount';
const office = 'Users/svc/AppData/Local/Microsoft/Windows Live Mail/account{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}.oeaccount';
const scanner = 'Users/scanner/AppData/Local/Microsoft/Windows Mail/scanner-imap/account{scannerimap}.oeaccount';

describe('windows-live-mail', () => {
  it('reads a UTF-16 Hotmail account: 0000024b = 587, STARTTLS, login reused from POP3', () => {
    const run = runFixtures(windowsLiveMail, import.meta.url, hotmail);
    const f = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'j.doe.contoso@hotmail.com');
    assert.equal(f.auth.secret, 'present');
    assert.match(f.secretRef ?? '', /^dpapi:.*:7$/);
    assert.equal(f.from, 'j.doe.contoso@hotmail.com');
    assert.equal(f.endpointKind, 'windows-live');
    assert.equal(f.role, 'client');
    assert.equal(f.active, true);
    assert.equal(f.line, 11);
    assert.deepEqual(f.locations?.port, { line: 12, text: '0000024b' });
    assert.match(f.notes!.join('\n'), /reuses the POP3 login/);
    assert.ok([...run.secrets].some((s) => s.includes('R365CANARY')), 'the encrypted blob is registered as a secret');
    assertNoCanary(run);
  });

  it('reads implicit TLS on 465 (1d1) with the SMTP login and an encrypted password', () => {
    const run = runFixtures(windowsLiveMail, import.meta.url, office);
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 465);
    assert.equal(f.security, 'tls');
    assert.equal(f.auth.username, 'alerts@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.ok(!f.evidence.includes('Password'));
    assertNoCanary(run);
  });

  it('maps SPA (Sicily) to NTLM; port 19 = 25 with STARTTLS', () => {
    const f = pick(runFixtures(windowsLiveMail, import.meta.url, scanner).findings, { host: 'exch01.contoso.local' });
    assert.equal(f.port, 25);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'ntlm');
    assert.equal(f.auth.username, 'CONTOSO\\scanner');
    assert.equal(f.auth.secret, 'absent');
    assert.equal(f.from, 'scanner@contoso.com');
    assert.equal(f.endpointKind, 'internal');
  });

  it('reads a UTF-8 export without BOM, returns nothing for the documented template, warns on a cut file', () => {
    const plain = runFixtures(windowsLiveMail, import.meta.url, 'export/account{plain}.oeaccount');
    assert.equal(pick(plain.findings, { host: 'smtp.contoso.com' }).security, 'none');
    assert.equal(runFixtures(windowsLiveMail, import.meta.url, 'template/account{template}.oeaccount').findings.length, 0);
    const cut = runFixtures(windowsLiveMail, import.meta.url, 'broken/account{truncated}.oeaccount');
    const f = pick(cut.findings, { host: 'smtp.live.com' });
    assert.equal(f.port, 25, 'the cut SMTP_Port is not read as 2');
    assert.equal(cut.warnings[0]?.code, 'truncated');
    assertNoCanary(cut);
  });

  it('decodes DWORDs as bare hex', () => {
    const rows: [string | undefined, number | null][] = [['19', 25], ['0000024b', 587], ['24B', 587], ['1d1', 465], ['TRUE', 1], ['FALSE', 0], ['0x19', null], ['', null], [undefined, null], ['123456789', null]];
    for (const [text, want] of rows) assert.equal(dword(text), want, String(text));
  });

  it('ignores commented accounts and survives hostile input', () => {
    const commented = '<MessageAccount><!-- <SMTP_Server type="SZ">smtp.live.com</SMTP_Server> --></MessageAccount>';
    assert.equal(runText(windowsLiveMail, commented, 'a.oeaccount').findings.length, 0);
    const hostile = ['<MessageAccount><SMTP_Server type="SZ">', '<'.repeat(100000), '<a>'.repeat(20000) + '<SMTP_Server>x', '\u0000\u0001\u0002', '<SMTP_Server type="SZ">' + 'x'.repeat(1_000_000) + '</SMTP_Server>', '<SMTP_Server type="SZ">smtp.live.com</SMTP_Server><SMTP_Port type="DWORD">zz</SMTP_Port>', Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1')];
    for (const text of hostile) assert.doesNotThrow(() => runText(windowsLiveMail, text, 'a.oeaccount'));
    assert.equal(runText(windowsLiveMail, hostile[5], 'a.oeaccount').findings[0].port, 25);
  });

  it('is found by a real scan of its fixtures: file patterns, content hint, encodings', async () => {
    const { inventory } = await scanPaths({ roots: [fixturesDir(import.meta.url)], detectors: [windowsLiveMail] });
    assert.deepEqual([inventory.findings.length, inventory.findings.filter((f) => f.active).length], [5, 5]);
    assert.deepEqual(inventory.warnings.map((w) => w.code), ['truncated']);
    assert.ok(!JSON.stringify(inventory).includes('R365CANARY'));
  });
});
