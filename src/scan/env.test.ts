import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../inventory/types.js';
import { createFinding } from './detector.js';
import { parseEnvFile, resolveEnvReferences } from './env.js';
import { isEnvFile } from './match.js';

function unresolved(path: string, sources: Record<string, string>): Finding {
  return createFinding({ id: 'test', system: 'Test' }, { path, exampleFile: false }, {
    line: 3, host: null, active: false, inactiveReason: 'unresolved', valueSources: { ...sources }, evidence: "host: '%env(MAILER_HOST)%'",
  });
}

describe('environment indirection', () => {
  it('knows env files by name', () => {
    for (const p of ['/srv/app/.env', '/srv/app/.env.production', '/srv/app/.env.example', 'C:\\app\\prod.env']) assert.ok(isEnvFile(p), p);
    for (const p of ['/srv/app/env.php', '/srv/app/environment.yml', '/srv/app/.envrc']) assert.ok(!isEnvFile(p), p);
  });

  it('parses KEY=VALUE lines, keeps secrets out, registers them', () => {
    const secrets: string[] = [];
    const entries = parseEnvFile('# comment\nexport SMTP_HOST="mail.contoso.local"\nSMTP_PORT=25 # plain\nSMTP_PASSWORD=R365CANARY-env-1\nMAILER_DSN=smtp://u:R365CANARY-env-2@relay:587\n', '/app/.env', (s) => secrets.push(s));
    assert.deepEqual(entries.map((e) => [e.name, e.value, e.line]), [['SMTP_HOST', 'mail.contoso.local', 2], ['SMTP_PORT', '25', 3], ['MAILER_DSN', 'smtp://u:R365CANARY-env-2@relay:587', 5]]);
    assert.deepEqual(secrets, ['R365CANARY-env-1', 'R365CANARY-env-2']);
  });

  it('resolves against the nearest .env and says where the value came from', () => {
    const finding = unresolved('/srv/shop/config/mail.php', { host: 'env:MAIL_HOST', port: 'env:MAIL_PORT' });
    const entries = [
      ...parseEnvFile('MAIL_HOST=wrong.contoso.local\n', '/srv/.env', () => {}),
      ...parseEnvFile('MAIL_HOST=smtp.office365.com\nMAIL_PORT=587\n', '/srv/shop/.env', () => {}),
      ...parseEnvFile('MAIL_HOST=other-app.contoso.local\n', '/srv/other/.env', () => {}),
    ];
    assert.equal(resolveEnvReferences([finding], entries), 2);
    assert.equal(finding.host, 'smtp.office365.com');
    assert.equal(finding.port, 587);
    assert.equal(finding.endpointKind, 'm365-submission');
    assert.equal(finding.active, true);
    assert.equal(finding.valueSources?.host, 'env:MAIL_HOST from /srv/shop/.env:1');
  });

  it('resolves a DSN held in a variable', () => {
    const finding = unresolved('/srv/sf/config/packages/mailer.yaml', { host: 'env:MAILER_DSN' });
    resolveEnvReferences([finding], parseEnvFile('MAILER_DSN=smtp://app%40contoso.com:R365CANARY-x@smtp.office365.com:587\n', '/srv/sf/.env.local', () => {}));
    assert.equal(finding.host, 'smtp.office365.com');
    assert.equal(finding.port, 587);
    assert.equal(finding.auth.username, 'app@contoso.com');
    assert.ok(!JSON.stringify(finding).includes('R365CANARY'));
  });

  it('names the variable and stays inactive when nothing defines it', () => {
    const finding = unresolved('/srv/app/settings.py', { host: 'env:EMAIL_HOST' });
    resolveEnvReferences([finding], parseEnvFile('OTHER=1\nEMAIL_HOST=\n', '/srv/app/.env', () => {}));
    assert.equal(finding.host, null);
    assert.equal(finding.active, false);
    assert.equal(finding.inactiveReason, 'unresolved');
    assert.equal(finding.valueSources?.host, 'env:EMAIL_HOST (not defined in this tree)');
  });
});

describe('environment indirection: what makes a setting live', () => {
  it('activates on the host even when the username is still a reference', () => {
    const finding = unresolved('/srv/app/config/mail.rb', { host: 'env:SMTP_HOST', username: 'env:SMTP_USER' });
    resolveEnvReferences([finding], parseEnvFile('SMTP_HOST=mail.contoso.local\n', '/srv/app/.env', () => {}));
    assert.equal(finding.active, true);
    assert.equal(finding.valueSources?.username, 'env:SMTP_USER (not defined in this tree)');
  });
});

describe('what counts as a secret worth scrubbing', () => {
  it('never scrubs null, booleans or placeholders (that would corrupt JSON)', async () => {
    const { scrubKnownSecrets } = await import('./redact.js');
    const json = JSON.stringify({ from: null, active: true, host: 'mail.contoso.local', note: 'R365CANARY-x1' });
    const out = scrubKnownSecrets(json, ['null', 'true', 'changeme', '${MAIL_PASSWORD}', 'R365CANARY-x1']);
    assert.deepEqual(JSON.parse(out), { from: null, active: true, host: 'mail.contoso.local', note: '***' });
  });
});
