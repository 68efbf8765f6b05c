import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GraphError } from '@microsoft/microsoft-graph-client';
import { diagnoseGraphError } from './graph.js';

describe('Graph errors', () => {
  it('reads a GraphError through the reply catalogue', () => {
    const raop = Object.assign(new GraphError(403, 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.'), { code: 'ErrorAccessDenied' });
    assert.deepEqual([diagnoseGraphError(raop).id, diagnoseGraphError(raop).status, diagnoseGraphError(raop).transient], ['graph-raop', 403, false]);
    const throttled = Object.assign(new GraphError(429, 'Application is over its MailboxConcurrency limit.'), { code: 'ApplicationThrottled' });
    assert.deepEqual([diagnoseGraphError(throttled).id, diagnoseGraphError(throttled).transient], ['graph-throttled', true]);
    const network = diagnoseGraphError(new Error('connect ECONNREFUSED 127.0.0.1:8443'));
    assert.deepEqual([network.status, network.id], [0, 'net-refused']);
  });
});
