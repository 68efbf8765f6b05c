import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applianceExports } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('appliance-exports', () => {
  it('reads an APC NMC config.ini SMTP section; an unset server is no setting', () => {
    const run = runFixtures(applianceExports, import.meta.url, 'ups/config.ini');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.equal(f.host, 'smtp.office365.com');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'ups@contoso.com', secret: 'present' });
    assert.equal(f.from, 'ups-srv01@contoso.com');
    assert.equal(f.role, 'device');
    assert.equal(f.system, 'APC Network Management Card');
    assert.equal(f.line, 23);
    assert.deepEqual(f.locations?.host, { line: 23, text: 'smtp.office365.com' });
    assert.ok(run.secrets.has('R365CANARY-apc'));
    assertNoCanary(run);
    assert.equal(runFixtures(applianceExports, import.meta.url, 'pdu/config.ini').findings.length, 0);
  });

  it('reads pfSense and OPNsense notifications; <ssl/> is implicit TLS, <disable/> switches it off', () => {
    const run = runFixtures(applianceExports, import.meta.url, 'pfsense/config-fw01.contoso.local-20240301103000.xml');
    const f = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(f.port, 465);
    assert.equal(f.security, 'tls');
    assert.deepEqual(f.auth, { method: 'password', username: 'fw01.contoso@gmail.com', secret: 'present' });
    assert.equal(f.from, 'fw01.contoso@gmail.com');
    assert.equal(f.system, 'pfSense');
    assert.equal(run.findings.length, 1, 'the growl ipaddress is not mail');
    assertNoCanary(run);
    const opn = runFixtures(applianceExports, import.meta.url, 'opnsense/config.xml');
    const o = pick(opn.findings, { host: 'mail.contoso.local' });
    assert.equal(o.system, 'OPNsense');
    assert.equal(o.active, false);
    assert.equal(o.inactiveReason, 'disabled');
    assert.equal(o.security, 'none');
  });

  it('reads iDRAC profiles (XML with a masked, commented password; JSON)', () => {
    const run = runFixtures(applianceExports, import.meta.url, 'idrac/R740-7XK2Q13.xml');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'idrac-alerts@contoso.com', secret: 'external' });
    assert.equal(f.secretRef, 'device:stored on the device (masked in the export)');
    assert.equal(f.from, 'idrac-7xk2q13@contoso.com');
    assert.equal(f.line, 9);
    const json = runFixtures(applianceExports, import.meta.url, 'idrac/scp-r650.json');
    const j = pick(json.findings, { host: '10.0.0.25' });
    assert.equal(j.port, 25);
    assert.equal(j.security, 'none');
    assert.equal(j.auth.method, 'none');
    assert.equal(j.endpointKind, 'internal');
  });

  it('reads iLO RIBCL and Redfish exports and never reports the iLO login password', () => {
    const ribcl = runFixtures(applianceExports, import.meta.url, 'ilo/set_alertmail.xml');
    const r = pick(ribcl.findings, { host: 'relay.contoso.local' });
    assert.equal(r.port, 25);
    assert.equal(r.security, 'unknown');
    assert.equal(r.auth.method, 'none');
    assert.ok(r.notes?.some((n) => /@contoso\.com/.test(n)));
    assert.ok(ribcl.secrets.has('R365CANARY-ilo-admin'));
    assertNoCanary(ribcl);
    const redfish = runFixtures(applianceExports, import.meta.url, 'ilo/networkprotocol.json');
    const f = pick(redfish.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'ilo-alerts@contoso.com', secret: 'external' });
    assert.equal(f.secretRef, 'device:stored on the device (masked in the export)');
    assert.equal(f.active, true);
  });

  it('leaves other XML, JSON and INI alone and survives hostile input', () => {
    assert.equal(runText(applianceExports, '<project><notifications><email>x</email></notifications></project>', '/srv/pom.xml').findings.length, 0);
    assert.equal(runText(applianceExports, '[mail]\nserver=smtp.contoso.local\n', '/srv/app.ini').findings.length, 0);
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const [text, path] of [[random, '/x/config.ini'], [`[NetworkTCP/IP]\n[NetworkSMTP]\nServer=${'x'.repeat(1_000_000)}\n`, '/x/config.ini'], [`<pfsense>${'<a>'.repeat(20_000)}<notifications><smtp><ipaddress>y`, '/x/config.xml'], [`{"a":${'['.repeat(20_000)}"RemoteHosts.1#SMTPServerIPAddress"`, '/x/scp.json'], ['<Attribute Name="RemoteHosts.1#SMTPServerIPAddress">cut', '/x/scp.xml']] as const) {
      assert.doesNotThrow(() => runText(applianceExports, text, path));
    }
  });
});
