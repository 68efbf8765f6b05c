import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../util/errors.js';
import { applyFlags, defaultSettings, finishSettings, loadSettings, validCidr } from './config.js';

describe('sandbox settings', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'relay365-config-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  async function load(yaml: string, flags = {}) {
    const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(file, yaml);
    return { file, settings: await loadSettings(file, flags) };
  }

  async function failure(yaml: string): Promise<InputError> {
    const error = await load(yaml).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof InputError, String(error));
    return error;
  }

  it('defaults to a tenant with Basic auth off, the December 2026 default', () => {
    const s = finishSettings(defaultSettings());
    assert.equal(s.basicAuth, 'off');
    assert.ok(s.acceptedDomains.includes('contoso.onmicrosoft.com'));
    assert.equal(s.limits.messagesPerMinute, 30);
    assert.equal(s.limits.concurrentConnections, 3);
    assert.deepEqual(s.apps[0].roles, ['SMTP.SendAsApp', 'Mail.Send', 'Mail.Read']);
  });

  it('reads every section of a YAML file, lower-casing addresses and resolving certificate paths', async () => {
    const { settings } = await load([
      'tenant: { name: fabrikam, acceptedDomains: [Fabrikam.com] }', 'basicAuth: on', 'smtpAuthDisabled: true', 'rejectDirectSend: true',
      'connectors: [{ name: office, ips: [203.0.113.0/24], certificateName: "*.fabrikam.com" }]', 'limits: { messagesPerMinute: 5 }', 'graph: { requestsPerWindow: 7 }',
      'mailboxes:', '  - address: MFP@Fabrikam.com', '    password: R365CANARY-pw', '    sendAs: [NoReply@fabrikam.com]', '    smtpAuthDisabled: false',
      'apps:', '  - displayName: lab', '    secret: R365CANARY-secret', '    certificate: certs/app.pem', '    roles: [SMTP.SendAsApp]', '    mailboxes: [mfp@fabrikam.com]',
    ].join('\n'));
    assert.deepEqual(settings.acceptedDomains, ['fabrikam.com', 'fabrikam.onmicrosoft.com']);
    assert.equal(settings.basicAuth, 'on');
    assert.equal(settings.smtpAuthDisabled, true);
    assert.deepEqual(settings.connectors, [{ name: 'office', ips: ['203.0.113.0/24'], certificateName: '*.fabrikam.com' }]);
    assert.equal(settings.limits.messagesPerMinute, 5);
    assert.equal(settings.limits.concurrentConnections, 3, 'unset limits keep their default');
    assert.equal(settings.graph.requestsPerWindow, 7);
    assert.deepEqual([settings.mailboxes[0].address, settings.mailboxes[0].sendAs, settings.mailboxes[0].smtpAuthDisabled], ['mfp@fabrikam.com', ['noreply@fabrikam.com'], false]);
    assert.equal(settings.apps[0].certificates[0], join(dir, 'certs/app.pem'));
    assert.equal(settings.testRecipient, 'mfp@fabrikam.com', 'the test recipient falls back to a mailbox that exists');
  });

  it('names the file, the line and the key of bad input, never a secret', async () => {
    const cases: [string, RegExp][] = [
      ['tenant:\n  name: [unclosed\n', /:\d+: not valid YAML/],
      ['basicAuth: sometimes\n', /:1: basicAuth: expected on, off or retired/],
      ['mailboxes:\n  - address: mfp@fabrikam.com\n    password: R365CANARY-pw\n  - address: nope\n', /:4: mailboxes\.1\.address: expected an e-mail address/],
      ['connectors:\n  - name: office\n    ips:\n      - 10.0.0.0/8\n      - 300.1.1.1\n', /:5: connectors\.0\.ips\.1: not a valid IPv4 address or CIDR range/],
      ['limits:\n  messagesPerMinute: -1\n', /:2: limits\.messagesPerMinute: expected a number/],
      ['- just\n- a list\n', /expected a mapping/],
      ['hveAccounts:\n  - address: hve@fabrikam.com\n    password: R365CANARY-pw\n  - address: hve\n', /:4: hveAccounts\.1\.address: expected an e-mail address/],
      ['acs: smtp.azurecomm.net\n', /:1: acs: expected a mapping/],
      ['acs:\n  smtpUsernames:\n    - username: shop-smtp\n', /:3: acs\.smtpUsernames\.0\.app: expected the app/],
      ['acs:\n  senders: [orders@fabrikam.com, orders]\n', /:2: acs\.senders\.1: not a valid e-mail address/],
    ];
    for (const [yaml, expected] of cases) {
      const error = await failure(yaml);
      assert.match(error.message, expected, yaml);
      assert.ok(!error.message.includes('R365CANARY'), error.message);
    }
    await assert.rejects(loadSettings(join(dir, 'missing.yaml')), (e: unknown) => e instanceof InputError && /missing\.yaml: cannot read/.test(e.message));
  });

  it('reads HVE accounts and the ACS resource, and fills ACS from the tenant when the file says nothing', async () => {
    const { settings } = await load([
      'tenant: { name: fabrikam, acceptedDomains: [fabrikam.com] }',
      'hveAccounts: [{ address: HVE-News@Fabrikam.com, password: R365CANARY-pw }, { address: hve-oauth@fabrikam.com }]',
      'acs: { resource: fabrikam-mail, senders: [Orders@fabrikam.com], smtpUsernames: [{ username: shop-smtp, app: shop }] }',
    ].join('\n'));
    assert.deepEqual(settings.hveAccounts, [
      { address: 'hve-news@fabrikam.com', displayName: 'HVE-News', password: 'R365CANARY-pw' },
      { address: 'hve-oauth@fabrikam.com', displayName: 'hve-oauth', password: null },
    ]);
    assert.deepEqual(settings.acs, { resource: 'fabrikam-mail', domains: ['fabrikam.com'], senders: ['orders@fabrikam.com'], smtpUsernames: [{ username: 'shop-smtp', app: 'shop' }] });
    const plain = finishSettings(defaultSettings());
    assert.deepEqual(plain.acs, { resource: 'contoso-acs', domains: ['contoso.com'], senders: ['donotreply@contoso.com'], smtpUsernames: [{ username: 'contoso-acs-smtp', app: 'relay365 sandbox app' }] });
    assert.deepEqual(plain.hveAccounts, []);
  });

  it('applies flags over the file', () => {
    const s = defaultSettings();
    applyFlags(s, { basicAuth: 'RETIRED', rejectDirectSend: true, connectorIps: ['192.0.2.10', '198.51.100.0/24'] });
    assert.equal(s.basicAuth, 'retired');
    assert.equal(s.rejectDirectSend, true);
    assert.deepEqual(s.connectors.map((c) => c.ips[0]), ['192.0.2.10', '198.51.100.0/24']);
    assert.throws(() => applyFlags(defaultSettings(), { basicAuth: 'maybe' }), /--basic-auth must be on, off or retired/);
    assert.throws(() => applyFlags(defaultSettings(), { connectorIps: ['printer.lan'] }), /not an IPv4 address or CIDR range/);
  });

  it('checks CIDR ranges', () => {
    assert.deepEqual(['10.0.0.0/8', '192.0.2.1', '::1', '10.0.0.0/33', '10.0.0.0/8/1', 'x'].map(validCidr), [true, true, true, false, false, false]);
  });
});
