// The tenant file the sandbox writes is what `plan --tenant` and `verify --tenant` read: it must load cleanly.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readTenantFile } from '../src/plan/tenant-file.js';
import { startTestSandbox, type TestSandbox } from './support/sandbox.js';

describe('the sandbox tenant file', () => {
  let sandbox: TestSandbox;
  before(async () => { sandbox = await startTestSandbox(); });
  after(async () => { await sandbox.stop(); });

  it('loads with the planner reader, without warnings, endpoints pointing at the sandbox', async () => {
    const { tenant, warnings } = await readTenantFile(sandbox.info.tenantFile);
    assert.deepEqual(warnings, []);
    assert.match(tenant.mxEndpoint ?? '', /\.mail\.protection\.outlook\.com$/);
    assert.deepEqual(tenant.endpoints?.submission, sandbox.info.submission);
    assert.equal(tenant.endpoints?.tokenEndpoint, sandbox.info.tokenEndpoint);
    assert.equal(tenant.app.clientId, sandbox.info.clientId);
    assert.equal(tenant.app.secretEnv, 'AZURE_CLIENT_SECRET');
  });
});
