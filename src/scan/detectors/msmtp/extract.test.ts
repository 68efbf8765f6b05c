import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { msmtp } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('msmtp', () => {
  it('resolves defaults and account inheritance', () => {
    const run = runFixtures(msmtp, import.meta.url, 'msmtprc');
    const free = pick(run.findings, { host: 'smtp-mail.outlook.com' });
    assert.equal(free.port, 587);
    assert.equal(free.security, 'starttls');
    assert.equal(free.auth.username, 'backups@contoso.com');
    assert.equal(free.auth.secret, 'external');
    assert.equal(free.from, 'backups@contoso.com');
    assert.equal(free.endpointKind, 'outlook-consumer');
    const legacy = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(legacy.security, 'tls');
    assert.equal(legacy.port, 465);
    assert.equal(legacy.auth.username, 'backups@contoso.com', 'user inherited from freemail');
    assert.equal(legacy.auth.secret, 'present');
    assert.equal(legacy.endpointKind, 'windows-live');
    assertNoCanary(run);
  });

  it('returns commented accounts as inactive', () => {
    const run = runFixtures(msmtp, import.meta.url, 'msmtprc');
    assert.equal(pick(run.findings, { host: 'mail.contoso.local' }).active, false);
    assert.equal(run.findings.filter((f) => f.active).length, 2);
  });

  it('marks an example file inactive', () => {
    const run = runFixtures(msmtp, import.meta.url, 'msmtprc-system.example');
    const f = pick(run.findings, { host: 'mail.example.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    assertNoCanary(run);
  });

  it("does not take a shell command in a comment for a host (msmtp's own example: `#   host smtp.freemail.example \\`)", () => {
    const run = runText(msmtp, 'account freemail\nhost smtp.freemail.example\nport 587\n# $ secret-tool store --label=msmtp \\\n#   host smtp.freemail.example \\\n#   service smtp\n#host old-relay.example.net\n', '/home/joe/.msmtprc');
    assert.deepEqual(run.findings.map((f) => [f.host, f.active]), [['smtp.freemail.example', true], ['old-relay.example.net', false]]);
  });

  it('returns null for a file with no account and survives garbage', () => {
    assert.equal(runText(msmtp, 'logfile ~/.msmtp.log\n').findings.length, 0);
    assert.doesNotThrow(() => runText(msmtp, 'account\naccount a : a\nhost\naccount b : b\nhost x\n'));
  });
});
