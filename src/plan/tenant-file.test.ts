import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../util/errors.js';
import { mxEndpointFor, parseTenantFile } from './tenant-file.js';

const example = fileURLToPath(new URL('../../examples/fleet/tenant.yaml', import.meta.url));

describe('tenant.yaml', () => {
  it('reads the example tenant with no warning', () => {
    const { tenant, warnings } = parseTenantFile(readFileSync(example, 'utf8'), example);
    assert.deepEqual(warnings, []);
    assert.equal(tenant.initialDomain, 'contoso.onmicrosoft.com');
    assert.deepEqual(tenant.acceptedDomains, ['contoso.com']);
    assert.equal(tenant.mxEndpoint, 'contoso-com.mail.protection.outlook.com');
    assert.deepEqual(tenant.staticIps, ['203.0.113.10']);
    assert.equal(tenant.app.secretEnv, 'AZURE_CLIENT_SECRET');
    assert.equal(tenant.testRecipient, 'it-alerts@contoso.com');
    assert.equal(tenant.rejectDirectSend, false);
    assert.equal(tenant.acsSmtpUsername, 'contoso-portal-smtp');
    assert.deepEqual(tenant.acsSenders, ['donotreply@contoso.com']);
  });

  it('warns about unknown keys and wrong values with their line, and leaves them unset', () => {
    const text = 'tenantId: not-a-guid\ncloud: moon\nacceptedDomains: [contoso.com]\nstaticIps: [10.0.0.1/33, "2001:db8::1"]\nfavouriteColour: blue\napp:\n  clientId: 8a6e1f44-0000-4000-8000-00000000a991\n  tennant: x\n';
    const { tenant, warnings } = parseTenantFile(text, 't.yaml');
    assert.equal(tenant.tenantId, null);
    assert.equal(tenant.cloud, 'global');
    assert.deepEqual(tenant.staticIps, []);
    assert.equal(tenant.app.clientId, '8a6e1f44-0000-4000-8000-00000000a991');
    assert.deepEqual(warnings.map((w) => w.line), [1, 2, 4, 5, 8]);
    assert.match(warnings[0].message, /tenantId: expected a GUID/);
    assert.match(warnings[3].message, /unknown key favouriteColour/);
    assert.match(warnings[4].message, /unknown key app\.tennant/);
  });

  it('refuses a secret in the file, with its line, without echoing it', () => {
    const text = 'tenantId: 3f1c2b9a-0000-4000-8000-00000000c0de\napp:\n  clientId: 8a6e1f44-0000-4000-8000-00000000a991\n  clientSecret: R365CANARY-tenant-secret\n';
    assert.throws(() => parseTenantFile(text, 'tenant.yaml'), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.line, 4);
      assert.match(error.message, /app\.clientSecret holds a secret.*AZURE_CLIENT_SECRET/);
      assert.ok(!error.message.includes('R365CANARY'));
      return true;
    });
    assert.throws(() => parseTenantFile('app:\n  certificatePath: |\n    -----BEGIN PRIVATE KEY-----\n    R365CANARY\n', 't.yaml'), /holds a secret/);
  });

  it('turns broken YAML into an InputError with its line, and an empty file into an empty tenant', () => {
    assert.throws(() => parseTenantFile('acceptedDomains: [contoso.com\ncloud: global\n', 'bad.yaml'), (error: unknown) => error instanceof InputError && error.line !== undefined && /bad\.yaml:\d+: not valid YAML/.test(error.message));
    assert.throws(() => parseTenantFile('- just\n- a list\n', 'list.yaml'), /expected a mapping/);
    assert.equal(parseTenantFile('', 'empty.yaml').tenant.tenantId, null);
  });

  it('derives the MX endpoint of a domain per cloud', () => {
    assert.equal(mxEndpointFor('contoso.com', 'global'), 'contoso-com.mail.protection.outlook.com');
    assert.equal(mxEndpointFor('Fabrikam.co.uk', 'gcc-high'), 'fabrikam-co-uk.mail.protection.office365.us');
  });
});
