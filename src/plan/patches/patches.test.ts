// Each patch is read back with the scanner's own detector for its format: the patched file must now point where
// the plan says (host, port, security), or — for Graph — no longer hold an SMTP relay or a password.
// Detectors are looked up in DETECTORS by id; a format whose detector is not registered fails with a clear message.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, Inventory } from '../../inventory/types.js';
import { emptyTenant, type Tenant } from '../../m365/tenant.js';
import type { Detector } from '../../scan/detector.js';
import { DETECTORS } from '../../scan/registry.js';
import { runText } from '../../scan/testing.js';
import { groupSenders } from '../group.js';
import { settingsFor } from '../settings.js';
import type { Target } from '../types.js';
import { applyDiff, unifiedDiff } from './diff.js';
import { makePatch, patcherFor } from './index.js';

const CANARY = 'R365CANARY-plan-patch';

function tenant(): Tenant {
  return {
    ...emptyTenant(), tenantId: '3f1c2b9a-0000-4000-8000-00000000c0de', initialDomain: 'contoso.onmicrosoft.com', acceptedDomains: ['contoso.com'],
    mxEndpoint: 'contoso-com.mail.protection.outlook.com', staticIps: ['203.0.113.10'],
    app: { clientId: '8a6e1f44-0000-4000-8000-00000000a991', certificatePath: null, secretEnv: 'AZURE_CLIENT_SECRET' },
  };
}

function detectorFor(id: string): Detector {
  const detector = DETECTORS.find((d) => d.id === id);
  assert.ok(detector, `detector '${id}' is not registered in src/scan/registry.ts DETECTORS, so the read-back check of ${id} patches cannot run`);
  return detector;
}

interface Sample { path: string; content: string }

function extract(detector: Detector, files: Sample[]): Finding[] {
  const findings: Finding[] = [];
  if (detector.extractAll) {
    const run = runText(detector, files[0].content, files[0].path);
    if (files.length === 1) return run.findings;
    // extractAll with several files (Postfix main.cf + sasl_passwd): go through the batch API.
    return detector.extractAll(files.map((f) => ({ ...f, exampleFile: false })), (path) => ({ path, exampleFile: false, warn: () => {}, secret: () => {}, sibling: (s) => files.map((f) => ({ ...f, exampleFile: false })).find((f) => f.path.endsWith(s)) }));
  }
  for (const file of files) findings.push(...runText(detector, file.content, file.path).findings);
  return findings;
}

interface Case {
  name: string;
  format: string;
  files: Sample[];
  target: Target;
  /** What the patched file must show, read back by the detector. */
  expect: { host?: string; port?: number; security?: string } | 'no-smtp';
}

function run(c: Case) {
  const detector = detectorFor(c.format);
  const before = extract(detector, c.files).filter((f) => f.active);
  assert.ok(before.length, `${c.name}: the detector finds no active setting in the sample`);
  const inventory: Inventory = { schemaVersion: 1, generatedAt: '', tool: { name: 'relay365', version: 'test' }, roots: [], findings: before, senders: [], relays: [], warnings: [], stats: { filesSeen: 0, filesRead: 0, bytesRead: 0, ms: 0 } };
  const [sender] = groupSenders([{ inventory }]);
  const t = tenant();
  const { settings } = settingsFor(c.target, sender, t);
  const finding = sender.findings.find((f) => f.locations?.host) ?? sender.findings[0];
  const content = c.files.find((f) => f.path === finding.path)!.content;
  const input = { sender, finding, content, files: new Map(c.files.map((f) => [f.path, f.content])), target: c.target, settings, tenant: t };
  const result = patcherFor(c.format).patch(input);
  assert.ok(result?.text, `${c.name}: the ${c.format} patcher produced no patched text`);
  const patchedPath = result.path ?? finding.path;
  const readBackDetector = result.path && /msmtprc$/.test(result.path) ? detectorFor('msmtp') : detector;
  const others = c.files.filter((f) => f.path !== finding.path).map((f) => ({ path: f.path, content: result.files?.find((x) => x.path.endsWith(f.path.split('/').pop()!))?.content ?? f.content }));
  const after = extract(readBackDetector, [{ path: patchedPath, content: result.text }, ...(result.path ? [] : others)]).filter((f) => f.active);
  if (c.expect === 'no-smtp') {
    // Graph: the app no longer talks to its old SMTP host, keeps no password, and calls the Graph helper.
    const oldHosts = new Set(before.map((f) => f.host));
    const left = after.filter((f) => oldHosts.has(f.host) || f.auth.secret === 'present');
    assert.deepEqual(left.map((f) => `${f.host}:${f.port} ${f.auth.method}/${f.auth.secret}`), [], `${c.name}: the patched file still sends to its old SMTP host or holds a password`);
    assert.match(result.text, /graph/i, `${c.name}: the patched file does not use the Graph helper`);
  } else {
    const want = c.expect;
    const hit = after.find((f) => f.host === want.host);
    assert.ok(hit, `${c.name}: no active setting for ${want.host} after the patch; found ${JSON.stringify(after.map((f) => [f.host, f.port, f.security]))}`);
    if (want.port) assert.equal(hit.port, want.port, `${c.name}: port`);
    if (want.security) assert.equal(hit.security, want.security, `${c.name}: security`);
    assert.notEqual(hit.auth.secret, 'present', `${c.name}: a password is still in the file`);
  }
  // The plan shows a diff: it must apply exactly and never show the planted secret.
  const patch = makePatch(input);
  assert.ok(patch);
  if (!result.path) assert.equal(applyDiff(content, patch.diff).replace(/\n$/, ''), result.text.replace(/\n$/, ''), `${c.name}: the diff does not reproduce the patch`);
  assert.ok(!JSON.stringify(patch).includes(CANARY), `${c.name}: the canary secret leaked into the plan's patch`);
}

const CASES: Case[] = [
  {
    name: 'Postfix relay with Basic auth → smtp-oauth (sasl-xoauth2)', format: 'postfix', target: 'smtp-oauth', expect: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
    files: [
      { path: '/srv/fleet/relay02/etc/postfix/main.cf', content: `myhostname = relay02.corp.contoso.com\nrelayhost = [mail.contoso.local]:25\nsmtp_sasl_auth_enable = yes\nsmtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\nsmtp_tls_security_level = may\nmynetworks = 127.0.0.0/8 10.20.0.0/16\n` },
      { path: '/srv/fleet/relay02/etc/postfix/sasl_passwd', content: `[mail.contoso.local]:25 relay@contoso.com:${CANARY}\n` },
    ],
  },
  {
    name: 'Postfix relay on implicit TLS → connector relay on the MX endpoint', format: 'postfix', target: 'connector-relay', expect: { host: 'contoso-com.mail.protection.outlook.com', port: 25, security: 'starttls' },
    files: [{ path: '/srv/fleet/relay03/etc/postfix/main.cf', content: `relayhost = [smtp.office365.com]:465\nsmtp_tls_wrappermode = yes\nsmtp_tls_security_level = encrypt\nsmtp_sasl_auth_enable = yes\nsmtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\n` }],
  },
  {
    name: 'msmtp on a consumer Hotmail account → smtp-oauth', format: 'msmtp', target: 'smtp-oauth', expect: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
    files: [{ path: '/srv/fleet/backup02/etc/msmtprc', content: `defaults\ntls on\nlogfile /var/log/msmtp.log\n\naccount hotmail\nhost smtp.live.com\nport 587\nauth on\nuser backup@hotmail.com\npassword ${CANARY}\nfrom backup@hotmail.com\n\naccount default : hotmail\n` }],
  },
  {
    name: 'msmtp on the old relay → Direct Send', format: 'msmtp', target: 'direct-send', expect: { host: 'contoso-com.mail.protection.outlook.com', port: 25, security: 'starttls' },
    files: [{ path: '/etc/msmtprc', content: `account relay\nhost mail.contoso.local\nport 25\nauth on\nuser nas@contoso.com\npassword ${CANARY}\nfrom nas@contoso.com\naccount default : relay\n` }],
  },
  {
    name: 'ssmtp → msmtp with XOAUTH2', format: 'ssmtp', target: 'smtp-oauth', expect: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
    files: [{ path: '/srv/fleet/cron01/etc/ssmtp/ssmtp.conf', content: `root=postmaster@contoso.com\nmailhub=smtp.office365.com:587\nUseSTARTTLS=YES\nAuthUser=cron@contoso.com\nAuthPass=${CANARY}\nFromLineOverride=YES\n` }],
  },
  {
    name: 'ssmtp on a Hotmail account → connector relay (ssmtp.conf rewritten)', format: 'ssmtp', target: 'connector-relay', expect: { host: 'contoso-com.mail.protection.outlook.com', port: 25 },
    files: [{ path: '/etc/ssmtp/ssmtp.conf', content: `root=alerts@contoso.com\nmailhub=smtp.live.com:587\nUseSTARTTLS=YES\nAuthUser=alerts@hotmail.com\nAuthPass=${CANARY}\n` }],
  },
  {
    name: 'PowerShell Send-MailMessage with a credential → Graph', format: 'powershell', target: 'graph', expect: 'no-smtp',
    files: [{ path: 'C:/Scripts/nightly-report.ps1', content: `param([string]$To = 'it-alerts@contoso.com')\n$pw = ConvertTo-SecureString '${CANARY}' -AsPlainText -Force\n$cred = New-Object System.Management.Automation.PSCredential('reports@contoso.com', $pw)\nSend-MailMessage -From 'reports@contoso.com' -To $To -Subject 'Nightly report' -Body 'done' -SmtpServer 'smtp.office365.com' -Port 587 -UseSsl -Credential $cred\n` }],
  },
  {
    name: '.NET web.config <smtp> with a password → Graph', format: 'dotnet-config', target: 'graph', expect: 'no-smtp',
    files: [{ path: 'C:/inetpub/wwwroot/intranet/web.config', content: `<?xml version="1.0"?>\n<configuration>\n  <system.net>\n    <mailSettings>\n      <smtp from="intranet@contoso.com" deliveryMethod="Network">\n        <network host="smtp.office365.com" port="587" userName="intranet@contoso.com" password="${CANARY}" enableSsl="true" />\n      </smtp>\n    </mailSettings>\n  </system.net>\n</configuration>\n` }],
  },
  {
    name: 'Laravel .env with MAIL_PASSWORD → Graph (microsoft-graph mailer)', format: 'dotenv', target: 'graph', expect: 'no-smtp',
    files: [{ path: '/var/www/portal/.env', content: `APP_NAME=Portal\nMAIL_MAILER=smtp\nMAIL_HOST=smtp.office365.com\nMAIL_PORT=587\nMAIL_USERNAME=portal@contoso.com\nMAIL_PASSWORD=${CANARY}\nMAIL_ENCRYPTION=tls\nMAIL_FROM_ADDRESS=portal@contoso.com\n` }],
  },
  {
    name: 'Symfony mailer.yaml with a literal DSN → Graph bridge', format: 'symfony', target: 'graph', expect: 'no-smtp',
    files: [{ path: '/var/www/shop/config/packages/mailer.yaml', content: `framework:\n  mailer:\n    dsn: 'smtp://shop%40contoso.com:${CANARY}@smtp.office365.com:587'\n    envelope:\n      sender: 'shop@contoso.com'\n` }],
  },
  {
    name: 'Django settings.py → Graph email backend', format: 'django', target: 'graph', expect: 'no-smtp',
    files: [{ path: '/srv/intranet/intranet/settings.py', content: `DEBUG = False\nEMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"\nEMAIL_HOST = "smtp.office365.com"\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True\nEMAIL_HOST_USER = "intranet@contoso.com"\nEMAIL_HOST_PASSWORD = "${CANARY}"\nDEFAULT_FROM_EMAIL = "intranet@contoso.com"\n` }],
  },
  {
    name: 'Spring application.properties → Graph', format: 'spring', target: 'graph', expect: 'no-smtp',
    files: [{ path: '/opt/billing/config/application.properties', content: `server.port=8080\nspring.mail.host=smtp.office365.com\nspring.mail.port=587\nspring.mail.username=billing@contoso.com\nspring.mail.password=${CANARY}\nspring.mail.properties.mail.smtp.auth=true\nspring.mail.properties.mail.smtp.starttls.enable=true\n` }],
  },
  {
    name: 'Grafana [smtp] with Basic auth → connector relay', format: 'grafana', target: 'connector-relay', expect: { host: 'contoso-com.mail.protection.outlook.com', port: 25, security: 'starttls' },
    files: [{ path: '/etc/grafana/grafana.ini', content: `[server]\nhttp_port = 3000\n\n[smtp]\nenabled = true\nhost = smtp.office365.com:587\nuser = grafana@contoso.com\npassword = ${CANARY}\nfrom_address = grafana@contoso.com\nstartTLS_policy = MandatoryStartTLS\n` }],
  },
  {
    name: 'GitLab Omnibus SMTP → built-in Graph mailer', format: 'gitlab', target: 'graph', expect: 'no-smtp',
    files: [{ path: '/etc/gitlab/gitlab.rb', content: `external_url 'https://git.contoso.com'\ngitlab_rails['smtp_enable'] = true\ngitlab_rails['smtp_address'] = "smtp.office365.com"\ngitlab_rails['smtp_port'] = 587\ngitlab_rails['smtp_user_name'] = "gitlab@contoso.com"\ngitlab_rails['smtp_password'] = "${CANARY}"\ngitlab_rails['smtp_domain'] = "contoso.com"\ngitlab_rails['smtp_authentication'] = "login"\ngitlab_rails['smtp_enable_starttls_auto'] = true\ngitlab_rails['gitlab_email_from'] = 'gitlab@contoso.com'\n` }],
  },
  {
    name: 'nodemailer createTransport with auth → Graph transport', format: 'nodemailer', target: 'graph', expect: 'no-smtp',
    files: [{ path: '/srv/notifier/lib/mailer.js', content: `'use strict';\nconst nodemailer = require('nodemailer');\n\nconst transporter = nodemailer.createTransport({\n  host: 'smtp.office365.com',\n  port: 587,\n  secure: false,\n  auth: { user: 'notifier@contoso.com', pass: '${CANARY}' },\n});\n\nmodule.exports = (to, text) => transporter.sendMail({ from: 'notifier@contoso.com', to, subject: 'Alert', text });\n` }],
  },
  {
    name: 'Python smtplib script with login → GraphSMTP', format: 'python-smtplib', target: 'graph', expect: 'no-smtp',
    files: [{ path: '/opt/scripts/disk_report.py', content: `import smtplib\nfrom email.message import EmailMessage\n\nmsg = EmailMessage()\nmsg['From'] = 'ops@contoso.com'\nmsg['To'] = 'it-alerts@contoso.com'\nmsg['Subject'] = 'Disk report'\nmsg.set_content('ok')\n\nwith smtplib.SMTP('smtp.office365.com', 587) as server:\n    server.starttls()\n    server.login('ops@contoso.com', '${CANARY}')\n    server.send_message(msg)\n` }],
  },
  // Formats without their own patcher: the generic one rewrites the values where the detector found them.
  {
    name: 'Exim smarthost (Debian) → connector relay, via the recorded locations', format: 'exim4', target: 'connector-relay', expect: { host: 'contoso-com.mail.protection.outlook.com', port: 25 },
    files: [{ path: '/etc/exim4/update-exim4.conf.conf', content: `dc_eximconfig_configtype='smarthost'\ndc_other_hostnames=''\ndc_local_interfaces='127.0.0.1 ; ::1'\ndc_readhost='contoso.com'\ndc_smarthost='mail.contoso.local::587'\ndc_hide_mailname='true'\n` }],
  },
  {
    name: 'Sendmail SMART_HOST → connector relay, via the recorded locations', format: 'sendmail', target: 'connector-relay', expect: { host: 'contoso-com.mail.protection.outlook.com' },
    files: [{ path: '/etc/mail/sendmail.mc', content: "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`debian')dnl\ndefine(`SMART_HOST', `[mail.contoso.local]')dnl\nMAILER(`smtp')dnl\n" }],
  },
  {
    name: 'PHP mail() on Windows (php.ini SMTP) → Direct Send, via the recorded locations', format: 'php-ini', target: 'direct-send', expect: { host: 'contoso-com.mail.protection.outlook.com', port: 25 },
    files: [{ path: 'C:/php/php.ini', content: `[PHP]\nmemory_limit = 128M\n\n[mail function]\nSMTP = mail.contoso.local\nsmtp_port = 25\nsendmail_from = web@contoso.com\n` }],
  },
];

describe('patches read back with the scanner', () => {
  for (const c of CASES) it(c.name, () => run(c));
});

describe('unified diffs', () => {
  it('apply exactly, and show removed secrets as ***', () => {
    const before = `account a\nhost smtp.live.com\npassword ${CANARY}\nfrom a@hotmail.com\n`;
    const after = 'account a\nhost smtp.office365.com\nfrom a@contoso.com\n';
    const diff = unifiedDiff('/etc/msmtprc', before, after);
    assert.equal(applyDiff(before, diff), after);
    assert.match(diff, /^-password \*\*\*$/m);
    assert.ok(!diff.includes(CANARY));
  });

  it('split far-apart changes into hunks and describe a new file from /dev/null', () => {
    const before = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 2\n', 'LINE 2\n').replace('line 35', 'LINE 35');
    const diff = unifiedDiff('x.conf', `${before}\n`, `${after}\n`);
    assert.equal((diff.match(/^@@/gm) ?? []).length, 2);
    assert.equal(applyDiff(`${before}\n`, diff), `${after}\n`);
    assert.match(unifiedDiff('/etc/msmtprc', null, 'host x\n'), /^--- \/dev\/null\n\+\+\+ b\/etc\/msmtprc\n@@ -0,0 \+1,1 @@\n\+host x\n$/);
  });
});
