import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDevices, parseDevices, readDevices } from './manual.js';
import { InputError } from '../util/errors.js';

const GOOD = `# devices.yaml, written by hand
devices:
  - name: 3rd floor MFP
    kind: printer
    model: Ricoh IM C3000
    ip: 10.0.3.20
    host: mail.contoso.local
    port: 25
    security: none
    auth: none
    from: scanner@contoso.com
    maxTls: TLS 1.0
    supportsOAuth: false
    notes: scan-to-email only; firmware 1.12
  - name: Server room UPS
    kind: ups
    host: smtp.office365.com
    port: 587
    security: starttls
    auth:
      method: password
      username: ups@contoso.com
      secret: present
    max_tls: "1.2"
`;

describe('hand-entered devices (devices.yaml)', () => {
  it('reads devices with defaults, aliases and stable ids', () => {
    const { devices, problems } = parseDevices(GOOD, 'devices.yaml');
    assert.deepEqual(problems, []);
    assert.equal(devices.length, 2);
    const [mfp, ups] = devices;
    assert.deepEqual(mfp, {
      id: mfp.id, name: '3rd floor MFP', kind: 'printer', ip: '10.0.3.20', host: 'mail.contoso.local', port: 25, security: 'none',
      auth: { method: 'none', username: null, secret: 'absent' }, from: 'scanner@contoso.com', maxTls: '1.0', supportsOAuth: false,
      notes: 'scan-to-email only; firmware 1.12', source: 'devices.yaml:3', model: 'Ricoh IM C3000',
    });
    assert.match(mfp.id, /^manual-[0-9a-f]{12}$/);
    assert.equal(parseDevices(GOOD, 'other.yaml').devices[0].id, mfp.id, 'the id depends on the device, not the file');
    assert.deepEqual(ups.auth, { method: 'password', username: 'ups@contoso.com', secret: 'present' });
    assert.equal(ups.maxTls, '1.2');
    assert.equal(ups.supportsOAuth, null);
    assert.equal(ups.ip, null);
  });

  it('takes a bare list too, and round-trips what the wizard writes', () => {
    const { devices } = parseDevices('- name: iDRAC srv01\n  kind: bmc\n  ip: "fe80::1"\n', 'd.yaml');
    assert.equal(devices[0].kind, 'bmc');
    const back = parseDevices(formatDevices(parseDevices(GOOD, 'devices.yaml').devices), 'devices.yaml');
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.devices.map(({ source: _s, ...d }) => d), parseDevices(GOOD, 'devices.yaml').devices.map(({ source: _s, ...d }) => d));
  });

  it('table: every mistake is reported with its line', () => {
    const rows: [string, number, RegExp][] = [
      ['- name: a\n  kind: toaster\n', 2, /kind "toaster" is not one of printer/],
      ['- name: a\n  port: 99999\n', 2, /port "99999" is not a port number/],
      ['- name: a\n  ip: 10.0.0.300\n', 2, /not an IPv4 or IPv6 address/],
      ['- kind: ups\n', 1, /needs a name/],
      ['- name: a\n  colour: red\n', 2, /unknown setting "colour"/],
      ['- name: a\n  from: scanner\n', 2, /not an e-mail address/],
      ['- name: a\n  security: ssl\n', 2, /security "ssl" is not one of none, starttls, tls, unknown/],
      ['- name: a\n  supportsOAuth: maybe\n', 2, /supportsOAuth is true, false or empty/],
      ['- name: a\n- name: a\n', 2, /repeats the id of the device on line 1/],
      ['devices: 3\n', 1, /expected a list of devices/],
      ['- name: [unclosed\n', 1, /not valid YAML/],
      ['- just a string\n', 1, /each device is a map/],
    ];
    for (const [text, line, message] of rows) {
      const { problems } = parseDevices(text, 'devices.yaml');
      assert.ok(problems.some((p) => p.line === line && message.test(p.message)), `${JSON.stringify(text)}: ${JSON.stringify(problems)}`);
    }
  });

  it('refuses a password anywhere, without repeating it', () => {
    for (const text of [
      '- name: a\n  password: R365CANARY-manual-1\n',
      '- name: a\n  auth:\n    method: password\n    username: u\n    password: R365CANARY-manual-2\n',
      '- name: a\n  auth:\n    secret: R365CANARY-manual-3\n',
      '- name: a\n  smtp_pass: R365CANARY-manual-4\n',
    ]) {
      const { devices, problems } = parseDevices(text, 'devices.yaml');
      assert.equal(devices.length, 0, text);
      assert.ok(problems.some((p) => /never stores one/.test(p.message)), text);
      assert.ok(!JSON.stringify(problems).includes('R365CANARY'), text);
    }
  });

  it('turns problems into one InputError with file and lines (exit 2); hostile files do not crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay365-devices-'));
    try {
      const path = join(dir, 'devices.yaml');
      writeFileSync(path, '- name: a\n  port: 0\n- name: b\n  password: R365CANARY-manual-5\n');
      await assert.rejects(readDevices(path), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.match(error.message, /2 problems in the devices file:/);
        assert.match(error.message, /devices\.yaml:2: port "0"/);
        assert.match(error.message, /devices\.yaml:4: "password" looks like a password/);
        assert.ok(!error.message.includes('R365CANARY'));
        return true;
      });
      await assert.rejects(readDevices(join(dir, 'missing.yaml')), /cannot read the devices file \(ENOENT\)/);
      writeFileSync(path, '\uFEFF- name: ok\n');
      assert.equal((await readDevices(path)).length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const text of [random, '['.repeat(20_000), `- name: ${'x'.repeat(1_000_000)}\n`, '- '.repeat(5000) + 'x', '']) {
      assert.doesNotThrow(() => parseDevices(text, 'devices.yaml'));
    }
  });
});
