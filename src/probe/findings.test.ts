import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingsFor } from './findings.js';
import type { ProbeResult } from './types.js';

const NOW = new Date('2026-12-01T00:00:00Z');

function result(patch: Partial<ProbeResult> & { tls?: Partial<ProbeResult['starttls']> } = {}): ProbeResult {
  const { tls, ...rest } = patch;
  return {
    target: 'relay01:25', host: 'relay01', port: 25, reachable: true, banner: '220 relay01 ESMTP', extensions: ['STARTTLS'],
    starttls: { offered: true, negotiated: true, protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', certSubject: 'CN=relay01', certIssuer: 'CN=Contoso CA',
      validTo: '2027-06-01T00:00:00.000Z', selfSigned: false, hostnameMatch: true, ...tls },
    authBeforeTls: [], authAfterTls: ['PLAIN'], maxSize: 1000, openRelay: false, relayReply: '554 5.7.1 Relay access denied', ms: 5,
    tlsMode: 'starttls', error: null, relayTest: { from: 'a@example.org', to: 'b@example.net', mailReply: '250 Ok' }, ...rest,
  };
}

describe('findingsFor', () => {
  const cases: [string, ProbeResult, string[]][] = [
    ['a well-kept relay', result(), []],
    ['open relay', result({ openRelay: true, relayReply: '250 2.1.5 Ok' }), ['open-relay']],
    ['relay undecided (4xx)', result({ openRelay: null }), []],
    ['AUTH before TLS', result({ authBeforeTls: ['LOGIN'] }), ['auth-plaintext']],
    ['no STARTTLS', result({ tlsMode: 'none', tls: { offered: false, negotiated: false, protocol: null, certSubject: null, validTo: null, selfSigned: null, hostnameMatch: null } }), ['no-tls']],
    ['no STARTTLS because EHLO was never answered: not judged', result({ tlsMode: 'none', error: { kind: 'timeout', step: 'ehlo', diagnosis: 'x' }, tls: { offered: false, negotiated: false } }), []],
    ['implicit TLS has no STARTTLS and needs none', result({ tlsMode: 'implicit', tls: { offered: false } }), []],
    ['STARTTLS offered but failed', result({ tls: { negotiated: false, error: 'TLS handshake failed (wrong version number)' } }), ['tls-failed']],
    ['TLS 1.0', result({ tls: { protocol: 'TLSv1' } }), ['tls-legacy']],
    ['TLS 1.2 is fine', result({ tls: { protocol: 'TLSv1.2' } }), []],
    ['expired', result({ tls: { validTo: '2026-11-30T23:59:59.000Z' } }), ['cert-expired']],
    ['self-signed and mismatched', result({ tls: { selfSigned: true, hostnameMatch: false } }), ['cert-self-signed', 'cert-hostname-mismatch']],
    ['most severe first', result({ openRelay: true, authBeforeTls: ['PLAIN'], tls: { protocol: 'TLSv1.1', selfSigned: true } }), ['open-relay', 'auth-plaintext', 'tls-legacy', 'cert-self-signed']],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(findingsFor(input, NOW).map((f) => f.code), expected));
  }

  it('messages carry the evidence', () => {
    const [open] = findingsFor(result({ openRelay: true, relayReply: '250 2.1.5 Ok' }), NOW);
    assert.equal(open.severity, 'high');
    assert.match(open.message, /RCPT TO:<b@example\.net> → 250 2\.1\.5 Ok/);
    const [tlsFailed] = findingsFor(result({ tls: { negotiated: false, error: 'TLS handshake failed (wrong version number)' } }), NOW);
    assert.match(tlsFailed.message, /wrong version number/);
  });
});
