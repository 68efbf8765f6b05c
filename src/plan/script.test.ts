// The setup script, checked by a PowerShell tokenizer (no pwsh here): every target's commands, and a checker
// that really fails on broken scripts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPlan } from './planner.js';
import { buildSetupScript } from './script.js';
import { CMDLETS, lintScript } from './script-lint.js';
import { contoso, device, finding, inventory, logClient } from './testing.js';
import { TARGETS, type PlanOverride } from './types.js';

function everyTarget() {
  const findings = [
    finding({ detector: 'postfix', system: 'Postfix', path: 'fleet/relay01/etc/postfix/main.cf', role: 'relay', auth: { method: 'password', username: 'relay@contoso.com', secret: 'external' } }),
    finding({ detector: 'msmtp', system: 'msmtp', path: 'fleet/backup01/etc/msmtprc', auth: { method: 'password', username: "o'brien@contoso.com", secret: 'present' }, from: "o'brien@contoso.com" }),
    finding({ detector: 'powershell', system: 'PowerShell', path: 'fleet/ops01/Scripts/report.ps1', auth: { method: 'password', username: 'reports@contoso.com', secret: 'present' }, from: 'reports@contoso.com' }),
    finding({ detector: 'grafana', system: 'Grafana', path: 'fleet/mon01/etc/grafana/grafana.ini', from: 'grafana@contoso.com' }),
  ];
  const senders = [
    logClient({ relay: 'relay02', host: 'hr01', ip: '10.30.0.5', saslUser: 'hr-notify@contoso.com', messages: 60_000, recipients: 600_000, internalRecipients: 600_000, peakPerDay: 30_000, peakPerMinute: 400 }),
    logClient({ relay: 'relay02', host: 'shop01', ip: '10.30.0.6', envelopeFrom: ['orders@contoso.com'], messages: 420_000, recipients: 420_000, internalRecipients: 0, externalRecipients: 420_000, peakPerDay: 18_000, peakPerMinute: 90 }),
    logClient({ relay: 'relay02', host: 'ups-dc1', ip: '10.30.0.9', envelopeFrom: ['ups@contoso.com'], messages: 12, recipients: 12, internalRecipients: 12 }),
  ];
  const manual = [device({ id: 'nas', name: 'Old NAS', maxTls: '1.0', from: 'nas@contoso.com' })];
  return inventory({ findings, senders, manual });
}

describe('setup script', () => {
  const tenant = contoso({ staticIps: ['203.0.113.10', '198.51.100.7'], securityDefaults: true });
  const draft = createPlan([{ inventory: everyTarget() }], tenant, { now: '2026-12-01T00:00:00Z' });
  // Overrides bring in the targets no rule picked for these senders (smtp-basic never is).
  const overrides: Record<string, PlanOverride> = {};
  const nas = draft.items.find((i) => i.name === 'Old NAS')!;
  overrides[nas.id] = { target: 'bridge' };
  const ups = draft.items.find((i) => i.name.startsWith('ups-dc1'))!;
  overrides[ups.id] = { target: 'direct-send' };
  const grafanaItem = draft.items.find((i) => i.name.startsWith('Grafana'))!;
  overrides[grafanaItem.id] = { target: 'smtp-basic' };
  const plan = createPlan([{ inventory: everyTarget() }], tenant, { now: '2026-12-01T00:00:00Z', overrides });
  const script = buildSetupScript(plan, { planFile: 'plan.yaml' });

  it('covers every target', () => {
    const targets = new Set(plan.items.map((i) => i.override?.target ?? i.target));
    assert.deepEqual([...TARGETS].filter((t) => !targets.has(t)), []);
  });

  it('gives a device moving to a bridge the bridge\'s own Postfix + sasl-xoauth2 config, and typed-in settings', () => {
    const item = plan.items.find((i) => i.name === 'Old NAS')!;
    assert.match(item.patch?.instructions ?? '', /Old NAS: type these settings/);
    const mainCf = item.patch?.files?.find((f) => f.path === '/etc/postfix/main.cf');
    assert.ok(mainCf, 'no bridge main.cf');
    assert.match(mainCf.content, /^smtp_sasl_mechanism_filter = xoauth2$/m);
    assert.match(mainCf.content, /^relayhost = \[smtp\.office365\.com\]:587$/m);
    assert.ok(item.patch?.files?.some((f) => f.path === '/etc/sasl-xoauth2.conf'));
  });

  it('passes the PowerShell checker: quotes, brackets, known cmdlets and parameters, no template holes', () => {
    assert.deepEqual(lintScript(script), []);
  });

  it('has the Exchange steps of the issue, in order, and no secret', () => {
    const order = ['Connect-ExchangeOnline', 'New-ServicePrincipal -AppId $AppId -ObjectId $ServicePrincipalObjectId', 'New-ManagementScope', "New-ManagementRoleAssignment -Name 'relay365 Mail.Send reports@contoso.com' -App $ServicePrincipalObjectId -Role 'Application Mail.Send'", 'Add-MailboxPermission', 'Set-CASMailbox', "New-InboundConnector -Name 'relay365 relay from 203.0.113.10 198.51.100.7' -ConnectorType OnPremises", 'Get-OrganizationConfig | Format-List RejectDirectSend', 'New-MailUser -HVEAccount'];
    let at = 0;
    for (const part of order) {
      const found = script.indexOf(part, at);
      assert.ok(found >= 0, `missing or out of order: ${part}`);
      at = found;
    }
    assert.match(script, /Add-MailboxPermission -Identity 'o''brien@contoso\.com' -User \$ServicePrincipalObjectId -AccessRights FullAccess/);
    assert.match(script, /Set-CASMailbox -Identity 'grafana@contoso\.com' -SmtpClientAuthenticationDisabled \$false/, 'SMTP AUTH stays on for the Basic override');
    assert.doesNotMatch(script, /Set-CASMailbox -Identity 'reports@contoso\.com'/, 'no SMTP AUTH for a Graph sender');
    assert.doesNotMatch(script, /New-ApplicationAccessPolicy/);
    assert.match(script, /ip4:203\.0\.113\.10 ip4:198\.51\.100\.7 include:spf\.protection\.outlook\.com ~all/);
    assert.match(script, /Enterprise applications > your app > Overview > Object ID/);
    assert.doesNotMatch(script, /secret\s*=|R365CANARY|password\s*=/i);
  });

  it('guards creation commands so a second run skips what exists', () => {
    assert.match(script, /if \(-not \(Get-InboundConnector -Identity 'relay365 relay from 203\.0\.113\.10 198\.51\.100\.7' -ErrorAction SilentlyContinue\)\) \{ New-InboundConnector /);
    assert.match(script, /if \(-not \(Get-ServicePrincipal -Identity \$AppId -ErrorAction SilentlyContinue\)\) \{ New-ServicePrincipal /);
    assert.equal(script.match(/New-ServicePrincipal -AppId/g)?.length, 1, 'one service principal per plan');
  });

  it('connects to the right Exchange environment per cloud', () => {
    const gcc = createPlan([{ inventory: everyTarget() }], contoso({ cloud: 'gcc-high', acceptedDomains: ['contoso.us'] }), { now: 'x' });
    const text = buildSetupScript(gcc);
    assert.match(text, /Connect-ExchangeOnline -ShowBanner:\$false -ExchangeEnvironmentName O365USGovGCCHigh/);
    assert.deepEqual(lintScript(text), []);
  });
});

describe('the PowerShell checker', () => {
  const bad: [string, RegExp][] = [
    ["Set-CASMailbox -Identity 'a@contoso.com -SmtpClientAuthenticationDisabled $false\n", /never closed/],
    ["if (-not (Get-InboundConnector -Identity 'x') { New-InboundConnector -Name 'x' -SenderDomains '*' }\n", /\( is never closed/],
    ["Add-MailboxPermission -Identity 'a' -User $x -AccessRight FullAccess\n", /Add-MailboxPermission has no parameter -AccessRight/],
    ["New-ApplicationAccessPolicy -AppId $AppId -PolicyScopeGroupId x\n", /unknown cmdlet New-ApplicationAccessPolicy/],
    ["Set-CASMailbox -Identity '<%= it.mailbox %>' -SmtpClientAuthenticationDisabled $false\n", /template hole/],
    ['Set-CASMailbox -Identity undefined -SmtpClientAuthenticationDisabled $false\n', /template hole/],
    ["Write-Host 'x' }\n", /does not close anything/],
  ];
  for (const [script, problem] of bad) {
    it(`rejects ${JSON.stringify(script.trim()).slice(0, 70)}`, () => {
      const problems = lintScript(script);
      assert.ok(problems.some((p) => problem.test(p.message)), JSON.stringify(problems));
      assert.ok(problems.every((p) => p.line >= 1));
    });
  }

  it('knows the parameters the script uses (from the cmdlet reference)', () => {
    assert.ok(CMDLETS['New-ManagementRoleAssignment'].includes('CustomResourceScope'));
    assert.ok(CMDLETS['New-ServicePrincipal'].includes('ObjectId'));
    assert.ok(!CMDLETS['New-InboundConnector'].includes('SenderIPAddress'));
  });
});
