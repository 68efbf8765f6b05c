// Grouping: the same sender seen in a config and in the logs is one; a relay and each of its clients are items.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupSenders } from './group.js';
import { machineOfInventory, machineOfPath } from './machine.js';
import { device, finding, inventory, logClient } from './testing.js';

const relayFinding = finding({ detector: 'postfix', system: 'Postfix', path: 'fleet/relay01/etc/postfix/main.cf', host: 'smtp.office365.com', role: 'relay', auth: { method: 'password', username: 'relay@contoso.com', secret: 'external' } });
const backupFinding = finding({ detector: 'msmtp', system: 'msmtp', path: 'fleet/backup01/etc/msmtprc', host: 'relay01.corp.contoso.com', port: 25, auth: { method: 'none', username: null, secret: 'absent' }, from: 'backup@contoso.com' });
const appFinding = finding({ detector: 'dotenv', system: 'Laravel (.env)', path: 'fleet/web01/var/www/portal/.env', host: 'relay01.corp.contoso.com', auth: { method: 'password', username: 'portal@contoso.com', secret: 'present' } });

describe('groupSenders', () => {
  const logs = [
    logClient({ host: 'backup01.corp.contoso.com', ip: '10.20.0.15', envelopeFrom: ['backup@contoso.com'] }),
    logClient({ host: 'web01.corp.contoso.com', ip: '10.20.0.21', saslUser: 'portal@contoso.com', envelopeFrom: ['portal@contoso.com', 'noreply@contoso.com'] }),
    logClient({ host: 'mfp-3rd.corp.contoso.com', ip: '10.20.3.30', envelopeFrom: ['scans@contoso.com'], tls: { none: 12 } }),
    logClient({ host: 'localhost', ip: '127.0.0.1', envelopeFrom: ['root@relay01.corp.contoso.com'] }),
  ];
  const senders = groupSenders([{ inventory: inventory({ findings: [relayFinding, backupFinding, appFinding], senders: logs }) }]);
  const byName = (part: string) => senders.find((s) => s.name.includes(part))!;

  it('makes one sender per device/app, plus the relay itself', () => {
    assert.deepEqual(senders.map((s) => s.name).sort(), ['Laravel (.env) on web01 (portal@contoso.com)', 'Postfix on relay01', 'mfp-3rd.corp.contoso.com [10.20.3.30]', 'msmtp on backup01 (backup@contoso.com)']);
  });

  it('joins a config and its log client by SASL user and by From', () => {
    assert.equal(byName('web01').logs.length, 1);
    assert.equal(byName('backup01').logs.length, 1);
    assert.deepEqual(byName('web01').from, ['portal@contoso.com', 'noreply@contoso.com']);
  });

  it('gives the relay its clients, their traffic, and its own local (loopback) submissions', () => {
    const relay = byName('relay01');
    assert.equal(relay.kind, 'relay');
    assert.equal(relay.clients.length, 3);
    assert.equal(relay.logs.length, 1);
    assert.equal(relay.volume?.messages, 400);
    assert.ok(relay.from.includes('scans@contoso.com'));
  });

  it('marks a client known only from logs as behind its relay, with its TLS and recipients', () => {
    const mfp = byName('mfp-3rd');
    assert.equal(mfp.via?.name, 'Postfix on relay01');
    assert.equal(mfp.kind, 'device');
    assert.equal(mfp.tls.best, 'none');
    assert.equal(mfp.recipients, 'internal');
    assert.equal(byName('backup01').via, null, 'a client with its own config decides for itself');
  });

  it('merges the same findings and logs from several inventories once, and keeps ids stable', () => {
    const again = groupSenders([{ inventory: inventory({ findings: [relayFinding, backupFinding], senders: logs }) }, { inventory: inventory({ findings: [appFinding, backupFinding], senders: logs.slice(0, 2) }) }]);
    assert.deepEqual(again.map((s) => s.id).sort(), senders.map((s) => s.id).sort());
  });

  it('matches a hand-entered device to its log client by IP, and makes a relay from logs alone', () => {
    const mfp = device({ id: 'mfp3', name: '3rd floor MFP', ip: '10.20.3.30', from: 'scans@contoso.com' });
    const out = groupSenders([{ inventory: inventory({ manual: [mfp], senders: [logs[2]] }) }]);
    assert.deepEqual(out.map((s) => s.name).sort(), ['3rd floor MFP', 'relay relay01.corp.contoso.com (seen in its logs)']);
    const device1 = out.find((s) => s.manual)!;
    assert.equal(device1.logs.length, 1);
    assert.equal(out.find((s) => s.kind === 'relay')!.clients.length, 1);
  });

  it('files a second Postfix instance\'s clients (relay "relay01/postfix-out") under the machine relay01', () => {
    const out = groupSenders([{ inventory: inventory({ findings: [relayFinding], senders: [
      logClient({ host: 'mfp-3rd.corp.contoso.com', ip: '10.20.3.30', envelopeFrom: ['scans@contoso.com'] }),
      logClient({ relay: 'relay01.corp.contoso.com/postfix-out', host: 'app7.corp.contoso.com', ip: '10.20.2.77', envelopeFrom: ['app7@contoso.com'] }),
    ] }) }]);
    const relay = out.find((s) => s.kind === 'relay')!;
    assert.equal(relay.name, 'Postfix on relay01');
    const app = out.find((s) => s.name.includes('app7'))!;
    assert.equal(app.via?.name, 'Postfix on relay01');
    assert.equal(app.host, 'relay01.corp.contoso.com', 'it sends to the machine');
    assert.equal(relay.clients.length, 2);
    const alone = groupSenders([{ inventory: inventory({ senders: [logClient({ relay: 'relay01.corp.contoso.com/postfix-out', host: 'app7.corp.contoso.com', ip: '10.20.2.77' })] }) }]);
    assert.deepEqual(alone.map((s) => [s.name, s.host]).sort(), [['app7.corp.contoso.com [10.20.2.77]', 'relay01.corp.contoso.com'], ['relay relay01.corp.contoso.com (seen in its logs)', 'relay01.corp.contoso.com']]);
  });

  it('skips inactive findings', () => {
    assert.equal(groupSenders([{ inventory: inventory({ findings: [{ ...backupFinding, active: false }] }) }]).length, 0);
  });
});

describe('machine names', () => {
  it('reads a copied machine tree, the inventory host field, or the inventory file name', () => {
    assert.equal(machineOfPath('/srv/fleet/relay01/etc/postfix/main.cf'), 'relay01');
    assert.equal(machineOfPath('backups\\WEB02\\inetpub\\wwwroot\\web.config'), 'web02');
    assert.equal(machineOfPath('/etc/postfix/main.cf'), null);
    assert.equal(machineOfPath('/opt/zimbra/etc/zmconfigd.cf'), null, 'an application tree is not a machine');
    assert.equal(machineOfPath('C:/inetpub/wwwroot/web.config'), null);
    assert.equal(machineOfInventory({ ...inventory(), host: 'relay02.corp.contoso.com' } as never), 'relay02');
    assert.equal(machineOfInventory(inventory(), 'out/inventory-relay03.json'), 'relay03');
    assert.equal(machineOfInventory(inventory(), 'inventory.json'), null);
  });

  it('names a log client without reverse DNS by its IP and the HELO it gave, as its claim', () => {
    const senders = groupSenders([{ inventory: inventory({ senders: [logClient({ source: 'exim', host: null, helo: 'NPI3A1B2C', ip: '10.20.3.44', envelopeFrom: ['scans@contoso.com'] })] }) }]);
    assert.ok(senders.some((s) => s.name === '10.20.3.44 (HELO NPI3A1B2C)'), senders.map((s) => s.name).join(', '));
  });
});

