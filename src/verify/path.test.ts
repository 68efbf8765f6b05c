import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyTenant, type Tenant } from '../m365/tenant.js';
import { DEFAULT_PASSWORD_ENV, RELAY_TEST_RECIPIENT, resolvePath } from './path.js';
import { planItem } from './testing.js';

const tenant: Tenant = {
  ...emptyTenant(), tenantId: '3f1c2b9a-0000-4000-8000-00000000c0de', acceptedDomains: ['contoso.com'], testRecipient: 'it@contoso.com',
  app: { clientId: 'c', certificatePath: null, secretEnv: 'CONTOSO_APP_SECRET' },
};
const rehearsal: Tenant = { ...tenant, endpoints: { submission: { host: '127.0.0.1', port: 2587 }, mx: { host: '127.0.0.1', port: 2525 }, graphBaseUrl: 'https://127.0.0.1:8443/' } };

describe('what verify tests for a plan item', () => {
  it('talks to the planned Microsoft host, or the tenant endpoint that stands in for its kind', () => {
    const live = resolvePath(planItem('a', 'smtp-oauth'), tenant);
    assert.deepEqual([live.connect, live.servername, live.rehearsal, live.auth, live.scope], [{ host: 'smtp.office365.com', port: 587 }, 'smtp.office365.com', null, 'xoauth2', 'https://outlook.office365.com/.default']);
    const table: [string, ReturnType<typeof planItem>, number][] = [
      ['submission', planItem('a', 'smtp-oauth'), 2587],
      ['MX for Direct Send', planItem('b', 'direct-send'), 2525],
      ['MX when the plan still lacks the host', planItem('c', 'direct-send', { host: null }), 2525],
      ['HVE on the submission stand-in', planItem('d', 'hve'), 2587],
    ];
    for (const [what, item, port] of table) {
      const path = resolvePath(item, rehearsal);
      assert.deepEqual(path.connect, { host: '127.0.0.1', port }, what);
      assert.equal(path.servername, '127.0.0.1', what);
      assert.match(path.rehearsal ?? '', /stands in for/, what);
    }
    const full: Tenant = { ...rehearsal, endpoints: { ...rehearsal.endpoints, hve: { host: '127.0.0.1', port: 2588 }, acs: { host: '127.0.0.1', port: 2589 } } };
    assert.deepEqual(resolvePath(planItem('h', 'hve'), full).connect, { host: '127.0.0.1', port: 2588 }, 'HVE on its own endpoint when the tenant names one');
    assert.deepEqual(resolvePath(planItem('i', 'acs'), full).connect, { host: '127.0.0.1', port: 2589 }, 'ACS likewise');
    assert.match(resolvePath(planItem('i', 'acs'), full).rehearsal ?? '', /endpoints\.acs .* stands in for smtp\.azurecomm\.net/);
    assert.equal(resolvePath(planItem('e', 'bridge', { host: 'relay01.corp.contoso.com' }), rehearsal).connect?.host, 'relay01.corp.contoso.com', 'a LAN bridge is never replaced');
    assert.equal(resolvePath(planItem('g', 'graph'), rehearsal).graphBaseUrl, 'https://127.0.0.1:8443/');
  });

  it('proves a connector with an outside recipient, never delivered unless one is named', () => {
    const relay = resolvePath(planItem('r', 'connector-relay'), tenant);
    assert.deepEqual([relay.recipient, relay.recipientExternal, relay.sendable, relay.confirmable], [RELAY_TEST_RECIPIENT, true, false, false]);
    const named = resolvePath(planItem('r', 'connector-relay', {}, { testRecipient: 'me@fabrikam.example' }), tenant);
    assert.deepEqual([named.recipient, named.sendable, named.confirmable], ['me@fabrikam.example', true, false]);
    const direct = resolvePath(planItem('d', 'direct-send'), tenant);
    assert.deepEqual([direct.recipient, direct.sendable, direct.confirmable], ['it@contoso.com', true, true]);
  });

  it('takes passwords from a named environment variable (ACS: the app secret), never from the plan', () => {
    assert.equal(resolvePath(planItem('b', 'smtp-basic'), tenant).passwordEnv, DEFAULT_PASSWORD_ENV);
    assert.equal(resolvePath(planItem('h', 'hve', { auth: 'password' }, { passwordEnv: 'HVE_PASSWORD' }), tenant).passwordEnv, 'HVE_PASSWORD');
    assert.equal(resolvePath(planItem('a', 'acs'), tenant).passwordEnv, 'CONTOSO_APP_SECRET');
    assert.equal(resolvePath(planItem('o', 'smtp-oauth'), tenant).passwordEnv, null);
  });

  it('rehearses a device that only speaks TLS 1.0 as such, and names what the plan still lacks', () => {
    assert.equal(resolvePath(planItem('t', 'smtp-oauth', {}, { maxTls: '1.0' }), tenant).maxTls, '1.0');
    const logged = planItem('t', 'smtp-oauth');
    logged.current.maxTls = 'TLSv1.1';
    assert.equal(resolvePath(logged, tenant).maxTls, '1.1');
    assert.equal(resolvePath(planItem('t', 'smtp-oauth', {}, { maxTls: '1.2' }), tenant).maxTls, null);
    const bare = resolvePath(planItem('x', 'bridge', { from: null }), { ...tenant, testRecipient: null, testSender: null });
    assert.deepEqual(bare.problems, ['no bridge host: name it in override.settings.host', 'no From address (settings.from, or testSender in tenant.yaml)', 'no test recipient: set testRecipient in tenant.yaml']);
  });

  it('gives two items with the same endpoint, mailbox, From and recipient the same path key', () => {
    const a = resolvePath(planItem('a', 'smtp-oauth'), tenant);
    const b = resolvePath(planItem('b', 'smtp-oauth'), tenant);
    const c = resolvePath(planItem('c', 'smtp-oauth', { from: 'alerts@contoso.com' }), tenant);
    assert.equal(a.key, b.key);
    assert.notEqual(a.key, c.key);
    assert.equal(a.limitKey, 'smtp:scanner@contoso.com');
  });
});
