import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spring } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('spring', () => {
  it('reads spring.mail.* properties with required STARTTLS and a commented old relay', () => {
    const run = runFixtures(spring, import.meta.url, 'crm/src/main/resources/application.properties');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.system, 'Spring Boot');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.notes, undefined, 'starttls.required=true: no opportunistic note');
    assert.deepEqual(f.auth, { method: 'password', username: 'crm@contoso.com', secret: 'present' });
    assert.equal(f.line, 7);
    assert.deepEqual(f.locations?.host, { line: 7, text: 'smtp.office365.com' });
    assert.equal(f.endpointKind, 'm365-submission');
    const old = pick(run.findings, { host: 'relay01.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.port, 25);
    assert.ok(run.secrets.has('R365CANARY-spring-props'));
    assertNoCanary(run);
  });

  it('reads each YAML document: ${SMTP_PASSWORD} is external; the smtps profile is implicit TLS', () => {
    const run = runFixtures(spring, import.meta.url, 'billing/config/application.yml');
    const main = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(main.security, 'starttls');
    assert.match(main.notes?.join() ?? '', /opportunistic/);
    assert.equal(main.auth.secret, 'external');
    assert.equal(main.secretRef, 'env:SMTP_PASSWORD');
    assert.equal(main.evidence, 'spring.mail.host: smtp.office365.com');
    const legacy = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(legacy.security, 'tls');
    assert.equal(legacy.port, 465);
    assert.equal(legacy.from, 'billing-contoso@hotmail.com');
    assert.equal(legacy.auth.secret, 'present');
    assert.equal(legacy.line, 18);
    assertNoCanary(run);
  });

  it('reads plain JavaMail properties, including a continued socketFactory line (implicit TLS)', () => {
    const plain = runFixtures(spring, import.meta.url, 'legacy-export/mail.properties');
    const p = pick(plain.findings, { host: 'mail.contoso.local' });
    assert.equal(p.system, 'JavaMail');
    assert.equal(p.security, 'none');
    assert.equal(p.auth.method, 'none');
    assert.equal(p.from, 'export@contoso.com');
    const gmail = runFixtures(spring, import.meta.url, 'legacy-export/gmail.properties');
    const g = pick(gmail.findings, { host: 'smtp.gmail.com' });
    assert.equal(g.security, 'tls');
    assert.equal(g.port, 465);
    assert.deepEqual(g.auth, { method: 'password', username: 'reports@gmail.com', secret: 'present' });
    assertNoCanary(gmail);
  });

  it('ignores message bundles and marks .sample copies as examples', () => {
    assert.equal(runFixtures(spring, import.meta.url, 'legacy-export/messages_en.properties').findings.length, 0);
    const sample = runFixtures(spring, import.meta.url, 'crm/src/main/resources/application.properties.sample');
    assert.equal(sample.findings[0].active, false);
    assert.equal(sample.findings[0].inactiveReason, 'example-file');
  });

  it('warns on broken YAML and never echoes the run-on value', () => {
    const run = runFixtures(spring, import.meta.url, 'broken/application.yml');
    assert.ok(run.warnings.some((w) => w.code === 'parse-error'));
    assertNoCanary(run);
  });

  const rows: [string, string, string, Record<string, unknown>][] = [
    ['protocol smtps', 'spring.mail.host=mail.contoso.com\nspring.mail.protocol=smtps\n', 'application.properties', { security: 'tls', port: 465 }],
    ['ssl.enable', 'spring.mail.host=mail.contoso.com\nspring.mail.properties.mail.smtp.ssl.enable=true\nspring.mail.port=465\n', 'application.properties', { security: 'tls' }],
    ['host placeholder is unresolved', 'spring.mail.host=${MAIL_HOST}\n', 'application.properties', { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: 'env:MAIL_HOST' } }],
    ['XOAUTH2 mechanism', 'spring.mail.host=smtp.office365.com\nspring.mail.username=a@contoso.com\nspring.mail.properties.mail.smtp.auth.mechanisms=XOAUTH2\n', 'application.properties', { auth: { method: 'oauth2', username: 'a@contoso.com', secret: 'absent' } }],
    ['mail.smtps.* family', 'mail.smtps.host=smtp.office365.com\nmail.smtps.port=465\n', 'javamail.properties', { security: 'tls', system: 'JavaMail' }],
    ['YAML dotted key and relaxed binding', 'spring.mail:\n  host: relay.contoso.local\n  properties:\n    mail:\n      smtp:\n        starttls:\n          enable: true\n          required: true\n', 'application-prod.yaml', { security: 'starttls', port: 25 }],
  ];
  for (const [name, text, file, want] of rows) {
    it(name, () => {
      const run = runText(spring, text, `/srv/app/${file}`);
      assert.equal(run.findings.length, 1, JSON.stringify(run.findings));
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, k);
    });
  }

  it('survives hostile input', () => {
    const random = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    for (const [text, file] of [[random, 'a.properties'], [`spring.mail.host=${'x'.repeat(1_000_000)}`, 'application.properties'], ['spring.mail.host=a\\\n'.repeat(20_000), 'application.properties'], ['spring:\n  mail: ' + '{'.repeat(20_000), 'application.yml'], ['\\'.repeat(100_000), 'a.properties']]) {
      assert.doesNotThrow(() => runText(spring, text, `/srv/app/${file}`));
    }
  });
});
