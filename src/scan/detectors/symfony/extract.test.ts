import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { symfony } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('symfony', () => {
  it('reports the recipe default dsn %env(MAILER_DSN)% as an unresolved env reference', () => {
    const run = runFixtures(symfony, import.meta.url, 'sf5/config/packages/mailer.yaml');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.equal(f.host, null);
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'unresolved');
    assert.deepEqual(f.valueSources, { host: 'env:MAILER_DSN' });
    assert.equal(f.line, 3);
  });

  it('reads named transports, envelope sender, when@test and a commented dsn', () => {
    const run = runFixtures(symfony, import.meta.url, 'sf6/config/packages/mailer.yaml');
    const alerts = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(alerts.active, true);
    assert.equal(alerts.port, 587);
    assert.equal(alerts.security, 'starttls');
    assert.equal(alerts.notes, undefined, 'require_tls=true: STARTTLS is required, not opportunistic');
    assert.deepEqual(alerts.auth, { method: 'password', username: 'alerts@contoso.com', secret: 'present' });
    assert.equal(alerts.from, 'alerts@contoso.com');
    assert.deepEqual(alerts.locations?.host, { line: 5, text: 'smtp.office365.com' });
    assert.equal(alerts.line, 5);
    assert.equal(pick(run.findings, { line: 4 }).inactiveReason, 'unresolved');
    assert.equal(pick(run.findings, { line: 15 }).inactiveReason, 'disabled');
    const old = pick(run.findings, { host: 'relay01.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.ok(run.secrets.has('R365CANARY-symfony-dsn'));
    assertNoCanary(run);
  });

  it('reads SwiftMailer mailers: encryption tls = STARTTLS, a literal password, a url mailer', () => {
    const run = runFixtures(symfony, import.meta.url, 'sf4/config/packages/prod/swiftmailer.yaml');
    const live = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(live.system, 'SwiftMailer');
    assert.equal(live.port, 587);
    assert.equal(live.security, 'starttls');
    assert.deepEqual(live.auth, { method: 'password', username: 'shop-notify@hotmail.com', secret: 'present' });
    assert.equal(live.from, 'shop-notify@hotmail.com');
    assert.equal(live.endpointKind, 'windows-live');
    assert.equal(live.evidence, 'host: smtp.live.com');
    const spooled = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(spooled.security, 'none', 'SwiftMailer does no STARTTLS without encryption=tls');
    assert.equal(spooled.port, 25);
    assert.equal(runFixtures(symfony, import.meta.url, 'sf4/config/packages/swiftmailer.yaml').findings[0].valueSources?.host, 'env:MAILER_URL');
    assertNoCanary(run);
  });

  it('reads parameters.yml mailer_* (ssl = implicit TLS) and marks the .dist copy as an example', () => {
    const run = runFixtures(symfony, import.meta.url, 'sf2/app/config/parameters.yml');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.equal(f.system, 'Symfony parameters.yml');
    assert.equal(f.port, 465);
    assert.equal(f.security, 'tls');
    assert.deepEqual(f.auth, { method: 'password', username: 'shop@contoso.com', secret: 'present' });
    assert.equal(f.line, 9);
    assert.equal(f.evidence, 'mailer_host: mail.contoso.com');
    assertNoCanary(run);
    const dist = runFixtures(symfony, import.meta.url, 'sf2/app/config/parameters.yml.dist');
    const d = pick(dist.findings, { host: '127.0.0.1' });
    assert.equal(d.active, false);
    assert.equal(d.inactiveReason, 'example-file');
    assert.equal(d.auth.method, 'none');
  });

  it('leaves %mailer_host% parameters in config.yml unresolved, password external', () => {
    const run = runFixtures(symfony, import.meta.url, 'sf2/app/config/config.yml');
    const f = pick(run.findings, { line: 13 });
    assert.equal(f.active, false);
    assert.deepEqual(f.valueSources, { host: 'param:mailer_host' });
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'param:mailer_password');
  });

  it('resolves %parameters% defined in the same file', () => {
    const run = runText(symfony, 'parameters:\n  relay: smtp.office365.com\nswiftmailer:\n  host: "%relay%"\n  port: 587\n  encryption: tls\n', '/srv/app/config/config.yml');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.deepEqual(f.locations?.host, { line: 2, text: 'smtp.office365.com' });
    assert.equal(f.security, 'starttls');
  });

  it('warns on broken YAML and keeps what it can', () => {
    const run = runFixtures(symfony, import.meta.url, 'broken/config/packages/mailer.yaml');
    assert.ok(run.warnings.some((w) => w.code === 'parse-error'));
    const f = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(f.port, 25);
  });

  it('survives hostile input', () => {
    const random = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    for (const text of [random, 'framework:\n  mailer:\n    dsn: ' + '['.repeat(20_000), `framework: {mailer: {dsn: "${'x'.repeat(1_000_000)}"}}`, 'a:\n' + Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}b${i}:`).join('\n'), 'framework: &a\n  mailer: *a\n']) {
      const run = runText(symfony, text, '/srv/app/config/packages/mailer.yaml');
      assert.ok(Array.isArray(run.findings));
    }
    const deep = runText(symfony, '['.repeat(20_000) + ']'.repeat(20_000), '/srv/app/config/packages/mailer.yaml');
    assert.ok(deep.warnings.some((w) => w.code === 'too-deep'));
  });
});
