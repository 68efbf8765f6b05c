import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyTenant } from '../m365/tenant.js';
import type { Output } from '../util/term.js';
import type { WizardAnswers } from './answers.js';
import { askScan } from './scan.js';
import { scriptedPrompter } from './prompts.js';
import { askTenant } from './tenant.js';

function capture(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { lines, json: false, color: false, info: (t) => lines.push(t), warn: (t) => lines.push(`warning ${t}`), progress: () => undefined, endProgress: () => undefined };
}

describe('the tenant step', () => {
  it('takes a domain for the tenant, a certificate path, and records the answers', async () => {
    const prompter = scriptedPrompter(['contoso.com', 'global', undefined, '8a6e1f44-0000-4000-8000-00000000a991', 'certificate', '/etc/relay365/app.pem', 'it-alerts@contoso.com']);
    const answers: WizardAnswers = {};
    const out = capture();
    const tenant = await askTenant({ prompter, out }, answers, emptyTenant(), ['fabrikam.com'], {});
    assert.equal(tenant.tenantId, null, 'a domain is not a tenant id');
    assert.deepEqual(tenant.acceptedDomains, ['fabrikam.com', 'contoso.com'], 'the typed domain is offered as accepted');
    assert.deepEqual(tenant.app, { clientId: '8a6e1f44-0000-4000-8000-00000000a991', certificatePath: '/etc/relay365/app.pem', secretEnv: null });
    assert.ok(out.lines.some((l) => l.includes('/etc/relay365/app.pem does not exist here')));
    assert.deepEqual(answers.tenant, {
      id: 'contoso.com', cloud: 'global', acceptedDomains: ['fabrikam.com', 'contoso.com'], clientId: '8a6e1f44-0000-4000-8000-00000000a991',
      credential: 'certificate', certificatePath: '/etc/relay365/app.pem', testRecipient: 'it-alerts@contoso.com',
    });
    assert.equal(prompter.asked.length, 7);
  });

  it('asks for the NAME of the secret variable, says whether it is set, and never asks its value', async () => {
    const prompter = scriptedPrompter(['3F1C2B9A-0000-4000-8000-00000000C0DE', undefined, 'contoso.com', '', 'secret', 'RELAY_APP_SECRET', '']);
    const out = capture();
    const tenant = await askTenant({ prompter, out }, {}, emptyTenant(), [], { RELAY_APP_SECRET: 'R365CANARY-env' });
    assert.equal(tenant.tenantId, '3f1c2b9a-0000-4000-8000-00000000c0de');
    assert.equal(tenant.app.secretEnv, 'RELAY_APP_SECRET');
    assert.ok(out.lines.some((l) => l.includes('RELAY_APP_SECRET is set in this shell')));
    assert.ok(!out.lines.join('\n').includes('R365CANARY'));
    assert.ok(!prompter.asked.some((q) => /secret value|password/i.test(q)));
    await assert.rejects(askTenant({ prompter: scriptedPrompter(['', undefined, 'contoso.com', '', 'secret', 'not a name']), out }, {}, emptyTenant(), [], {}), /is invalid: a variable name/);
  });

  it('an unattended run takes the known answers and the defaults, asking nothing', async () => {
    const out = capture();
    const tenant = await askTenant({ prompter: null, out }, { tenant: { id: 'contoso.onmicrosoft.com', testRecipient: 'it@contoso.com' } }, emptyTenant(), ['contoso.com'], {});
    assert.equal(tenant.initialDomain, 'contoso.onmicrosoft.com');
    assert.deepEqual(tenant.acceptedDomains, ['contoso.com']);
    assert.equal(tenant.app.secretEnv, 'AZURE_CLIENT_SECRET');
    assert.ok(out.lines.some((l) => /Test recipient .* it@contoso\.com \(given\)/.test(l)));
  });
});

describe('the scan step\'s questions', () => {
  it('asks for internal domains only when logs are read, and checks probe targets', async () => {
    const answers: WizardAnswers = {};
    await askScan({ prompter: scriptedPrompter(['/etc, /opt/app', '', 'relay01:25']), out: capture() }, answers, []);
    assert.deepEqual(answers.scan, { paths: ['/etc', '/opt/app'], logs: [], internalDomains: [], probe: ['relay01:25'] });
    const logs: WizardAnswers = {};
    await askScan({ prompter: scriptedPrompter(['/etc', '/var/log/mail.log', undefined, '']), out: capture() }, logs, ['contoso.com']);
    assert.deepEqual(logs.scan?.internalDomains, ['contoso.com']);
    await assert.rejects(askScan({ prompter: scriptedPrompter(['/etc', '', '[::1']), out: capture() }, {}, []), /is invalid/);
  });
});
