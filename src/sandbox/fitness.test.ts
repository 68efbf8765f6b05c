import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceFitness, FitnessLog, fitnessFile, judge, readFitness, type Observed } from './fitness.js';
import type { FitnessRecord } from './types.js';

const internal = (address: string) => address.endsWith('@contoso.com');

function observed(changes: Partial<Observed> = {}): Observed {
  return {
    at: '2026-11-28T10:00:00.000Z', service: 'submission', clientIp: '10.0.0.21', clientName: 'mfp-3rd-floor',
    tls: { used: true, protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-GCM-SHA384', refused: null },
    authTried: [], authOutcome: 'none', user: null, mailFrom: null, rcptTo: [], outcome: 'disconnected', reply: null, ...changes,
  };
}

describe('device fitness verdicts', () => {
  const cases: [string, Partial<Observed>, boolean, FitnessRecord['verdict']['target'], RegExp][] = [
    ['STARTTLS + TLS 1.2 + XOAUTH2 worked', { authTried: ['XOAUTH2'], authOutcome: 'ok', outcome: 'delivered' }, true, 'smtp-oauth', /XOAUTH2 worked/],
    ['XOAUTH2 with a refused token', { authTried: ['XOAUTH2'], authOutcome: 'bad-token', reply: '535 5.7.3 Authentication unsuccessful' }, false, 'smtp-oauth', /token or its permissions/],
    ['TLS 1.0 only, internal recipients', { tls: { used: true, protocol: 'TLSv1', cipher: null, refused: '421 4.7.66 …' }, rcptTo: [] }, false, 'direct-send', /TLS 1\.2/],
    ['TLS 1.1 only, external recipients', { tls: { used: true, protocol: 'TLSv1.1', cipher: null, refused: '421 4.7.66 …' }, rcptTo: ['x@gmail.com'] }, false, 'connector-relay', /external/],
    ['no STARTTLS, tries LOGIN', { tls: { used: false, protocol: null, cipher: null, refused: null }, authTried: ['LOGIN'] }, false, 'direct-send', /did not use STARTTLS/],
    ['TLS 1.2 + Basic only, internal', { authTried: ['LOGIN'], authOutcome: 'basic-disabled', rcptTo: ['it@contoso.com'] }, false, 'direct-send', /HVE/],
    ['TLS 1.2 + Basic only, external', { authTried: ['PLAIN'], authOutcome: 'basic-disabled', rcptTo: ['x@fabrikam.com'] }, false, 'acs', /Azure Communication Services/],
    ['anonymous MAIL after STARTTLS', { mailFrom: 'scanner@contoso.com', reply: '530 5.7.57 …' }, false, 'direct-send', /without authenticating/],
    ['implicit TLS on the STARTTLS port', { tls: { used: false, protocol: null, cipher: null, refused: null }, implicitTls: true }, false, 'smtp-oauth', /STARTTLS on 587/],
    ['only EHLO and STARTTLS', {}, false, 'smtp-oauth', /OAuth support is unknown/],
    ['MX Direct Send delivered', { service: 'mx', outcome: 'delivered', rcptTo: ['it@contoso.com'] }, true, 'direct-send', /Direct Send worked/],
    ['MX relayed by a connector', { service: 'mx', outcome: 'delivered', rcptTo: ['x@fabrikam.com'], connector: 'office' }, true, 'connector-relay', /connector "office"/],
    ['MX RejectDirectSend', { service: 'mx', outcome: 'rejected', reply: '550 5.7.68 TenantInboundAttribution; …' }, false, 'connector-relay', /RejectDirectSend/],
    ['MX relay without connector', { service: 'mx', outcome: 'rejected', reply: '550 5.7.64 TenantAttribution; Relay Access Denied' }, false, 'connector-relay', /no OnPremises connector matches 10\.0\.0\.21/],
  ];
  for (const [what, changes, ready, target, reason] of cases) {
    it(what, () => {
      const verdict = judge(observed(changes), internal);
      assert.deepEqual([verdict.ready, verdict.target], [ready, target]);
      assert.match(verdict.reason, reason);
    });
  }
});

describe('fitness log', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'relay365-fitness-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  it('appends records in order, reads them back, skips lines that are not records', async () => {
    const log = new FitnessLog(fitnessFile(dir));
    const first = { ...observed({ authTried: ['LOGIN'], authOutcome: 'basic-disabled' }), verdict: judge(observed({ authTried: ['LOGIN'] }), internal) };
    const second = { ...observed({ at: '2026-11-28T11:00:00.000Z', authTried: ['XOAUTH2'], authOutcome: 'ok' }), verdict: judge(observed({ authTried: ['XOAUTH2'], authOutcome: 'ok' }), internal) };
    await Promise.all([log.append(first), log.append(second)]);
    await writeFile(fitnessFile(dir), '{"half a record\nnot json\n{"at":"x"}\n', { flag: 'a' });
    const { records, skipped } = await readFitness(dir);
    assert.deepEqual(records.map((r) => r.at), [first.at, second.at]);
    assert.equal(skipped, 3);
    assert.deepEqual(await readFitness(join(dir, 'nothing-here')), { records: [], skipped: 0 });
  });

  it('gives one row per device, decided by its best session', () => {
    const bad = { ...observed({ authTried: ['LOGIN'] }), verdict: judge(observed({ authTried: ['LOGIN'] }), internal) };
    const good = { ...observed({ at: '2026-11-28T09:00:00.000Z', authTried: ['XOAUTH2'], authOutcome: 'ok' as const }), verdict: judge(observed({ authTried: ['XOAUTH2'], authOutcome: 'ok' }), internal) };
    const old = { ...observed({ clientIp: '10.0.0.99', clientName: 'ups', tls: { used: false, protocol: null, cipher: null, refused: 'TLS handshake failed' }, mailFrom: 'ups@contoso.com' }), verdict: { ready: false, target: 'direct-send' as const, reason: 'x' } };
    const rows = deviceFitness([bad, good, old]);
    assert.deepEqual(rows.map((r) => [r.device, r.sessions, r.ready, r.target, r.tls]), [
      ['ups (10.0.0.99)', 1, false, 'direct-send', 'none'],
      ['mfp-3rd-floor (10.0.0.21)', 2, true, 'smtp-oauth', 'TLSv1.2'],
    ]);
    assert.deepEqual(rows[1].auth, ['XOAUTH2', 'LOGIN']);
  });
});
