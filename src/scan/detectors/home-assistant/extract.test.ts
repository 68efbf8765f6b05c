import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { homeAssistant } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('home-assistant', () => {
  it('reads smtp notifiers, resolves !secret from secrets.yaml and never reports a password', () => {
    const run = runFixtures(homeAssistant, import.meta.url, 'config/configuration.yaml', 'config/secrets.yaml');
    assert.equal(run.findings.length, 3, 'two notifiers and one commented one; the group notifier is not mail');
    const ops = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(ops.port, 587);
    assert.equal(ops.security, 'starttls');
    assert.deepEqual(ops.auth, { method: 'password', username: 'homeassistant@contoso.com', secret: 'external' });
    assert.equal(ops.secretRef, 'secrets.yaml:smtp_password');
    assert.equal(ops.from, 'homeassistant@contoso.com');
    assert.equal(ops.line, 20);
    assert.deepEqual(ops.locations?.host, { line: 20, text: 'smtp.office365.com' });
    const gmail = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(gmail.port, 465);
    assert.equal(gmail.security, 'tls');
    assert.equal(gmail.auth.username, 'serverroom.contoso@gmail.com');
    assert.match(gmail.valueSources?.host ?? '', /^secrets\.yaml:gmail_server \(.*secrets\.yaml:5\)$/);
    assert.equal(gmail.from, 'serverroom.contoso@gmail.com');
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.security, 'none');
    assert.equal(old.port, 25);
    for (const s of ['R365CANARY-ha-smtp', 'R365CANARY-ha-gmail', 'welcome']) assert.ok(run.secrets.has(s), s);
    assert.ok(!run.secrets.has('smtp.gmail.com') && !run.secrets.has('52.3731'), 'only secret-like keys are registered');
    assert.ok(!run.findings.some((f) => f.path.endsWith('secrets.yaml')), 'secrets.yaml itself is never reported');
    assertNoCanary(run);
  });

  it('names an unfound secret, reads !env_var and Home Assistant defaults', () => {
    const run = runFixtures(homeAssistant, import.meta.url, 'legacy/notify.yaml');
    const boiler = pick(run.findings, { line: 3 });
    assert.equal(boiler.host, null);
    assert.equal(boiler.inactiveReason, 'unresolved');
    assert.equal(boiler.valueSources?.host, 'env:SMTP_HOST');
    const printer = pick(run.findings, { host: 'localhost' });
    assert.equal(printer.port, 25);
    assert.equal(printer.security, 'none');
    assert.ok(printer.notes?.some((n) => /localhost/.test(n)));
    const missing = runText(homeAssistant, 'notify:\n  - platform: smtp\n    server: !secret relay\n    password: !secret pw\n', '/config/configuration.yaml');
    assert.equal(missing.findings[0].valueSources?.host, 'secrets.yaml:relay (not found)');
    assert.equal(missing.findings[0].auth.secret, 'external');
  });

  it('survives hostile input', () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const text of [random, `platform: smtp\n# server: ${' '.repeat(1_000_000)}x\n`, `notify:\n  - platform: smtp\n    server: ${'x'.repeat(1_000_000)}\n`, `platform: smtp\n${'['.repeat(20_000)}`, `platform: smtp\n${'- '.repeat(20_000)}x`]) {
      assert.doesNotThrow(() => runText(homeAssistant, text, '/config/configuration.yaml'));
    }
  });
});
