import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rails } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('rails', () => {
  it('reads a production.rb smtp_settings hash, its From and the commented Rails default', () => {
    const run = runFixtures(rails, import.meta.url, 'shop/config/environments/production.rb');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.match(f.notes!.join('\n'), /plaintext otherwise/);
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'shop@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'shop@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.active, true);
    assert.equal(f.line, 38);
    assert.equal(f.role, 'app');
    assert.deepEqual(f.locations, { host: { line: 38, text: 'smtp.office365.com' }, port: { line: 39, text: '587' }, username: { line: 41, text: 'shop@contoso.com' }, from: { line: 25, text: 'shop@contoso.com' } });
    const commented = pick(run.findings, { host: 'smtp.example.com' });
    assert.equal(commented.active, false);
    assert.equal(commented.inactiveReason, 'commented');
    assert.equal(commented.auth.secret, 'external');
    assert.equal(commented.secretRef, 'rails-credentials:smtp.password');
    assert.equal(commented.line, 31);
    assert.equal(run.findings.length, 2);
    assert.ok(run.secrets.has('R365CANARY-rails-shop'));
    assertNoCanary(run);
  });

  it('leaves an ENV host unresolved with its variable name and reads tls: true as implicit TLS', () => {
    const run = runFixtures(rails, import.meta.url, 'crm/config/environments/production.rb');
    const f = pick(run.findings, { line: 8 });
    assert.equal(f.host, null);
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'unresolved');
    assert.deepEqual(f.valueSources, { host: 'env:SMTP_HOST' }, 'only the host: an unset user variable must not keep the finding inactive');
    assert.match(f.notes!.join('\n'), /user_name comes from env:SMTP_USERNAME/);
    assert.equal(f.port, 465, 'ENV.fetch default');
    assert.equal(f.security, 'tls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, null);
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'env:SMTP_PASSWORD');
    assert.match(f.notes!.join('\n'), /falls back to mail\.contoso\.local/);
  });

  it('notes a development environment and reads MailCatcher as local', () => {
    const f = pick(runFixtures(rails, import.meta.url, 'crm/config/environments/development.rb').findings, { host: 'localhost' });
    assert.equal(f.port, 1025);
    assert.equal(f.endpointKind, 'local');
    assert.equal(f.auth.method, 'none');
    assert.match(f.notes!.join('\n'), /development environment/);
  });

  it('reads settings inside a =begin/=end block as commented out', () => {
    const text = [
      'Rails.application.configure do', '  config.action_mailer.delivery_method = :smtp',
      "  config.action_mailer.smtp_settings = { address: 'smtp.office365.com', port: 587, enable_starttls_auto: true }",
      '=begin', "  config.action_mailer.smtp_settings = { address: 'relay.contoso.local', port: 25 }", '=end', 'end', '',
    ].join('\n');
    const run = runText(rails, text, '/srv/shop/config/environments/production.rb');
    assert.deepEqual([pick(run.findings, { host: 'smtp.office365.com' }).active, pick(run.findings, { host: 'smtp.office365.com' }).port], [true, 587]);
    const old = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.line], [false, 'commented', 5]);
  });

  it('reads hash-rocket initializers and a commented Hotmail block', () => {
    const run = runFixtures(rails, import.meta.url, 'intranet/config/initializers/mail.rb');
    const relay = pick(run.findings, { host: '10.1.2.25' });
    assert.equal(relay.port, 25);
    assert.equal(relay.security, 'none');
    assert.equal(relay.auth.method, 'none');
    assert.equal(relay.endpointKind, 'internal');
    assert.equal(relay.active, true);
    assert.equal(relay.line, 4);
    const old = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.endpointKind, 'windows-live');
    assert.equal(old.auth.username, 'contoso-intranet@hotmail.com');
    assert.equal(old.auth.secret, 'present');
    assert.ok(run.secrets.has('R365CANARY-rails-hotmail'));
    assertNoCanary(run);
  });

  it('reads Rails 2 server_settings and Mail.defaults delivery_method arguments', () => {
    const run = runFixtures(rails, import.meta.url, 'legacy/config/environment.rb', 'sender/config/initializers/mail.rb');
    const legacy = pick(run.findings, { host: 'smtp-mail.outlook.com' });
    assert.equal(legacy.endpointKind, 'outlook-consumer');
    assert.equal(legacy.auth.username, 'legacy-app@outlook.com');
    assert.equal(legacy.auth.secret, 'present');
    assert.equal(legacy.security, 'starttls');
    const gmail = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(gmail.port, 465);
    assert.equal(gmail.security, 'tls');
    assert.equal(gmail.auth.secret, 'external');
    assert.equal(gmail.secretRef, 'rails-credentials:gmail.app_password');
    assert.deepEqual(gmail.valueSources, { username: 'rails-credentials:gmail_user' });
    assertNoCanary(run);
  });

  it('reports delivery_method :sendmail as a local MTA dependency and skips GitLab', () => {
    const f = pick(runFixtures(rails, import.meta.url, 'worker/config/environments/production.rb').findings, { endpointKind: 'local' });
    assert.equal(f.host, null);
    assert.equal(f.line, 4);
    assert.equal(f.from, 'noreply@contoso.com');
    assert.equal(f.active, true);
    assert.equal(runFixtures(rails, import.meta.url, 'gitlab/config/environments/production.rb').findings.length, 0);
  });

  it('reads Redmine configuration.yml per environment, ERB references and the commented rollback', () => {
    const run = runFixtures(rails, import.meta.url, 'redmine/config/configuration.yml');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.system, 'Redmine');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.username, 'redmine@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.active, true, 'async_smtp is SMTP');
    assert.equal(f.line, 6);
    const dev = pick(run.findings, { line: 28 });
    assert.equal(dev.host, null);
    assert.equal(dev.inactiveReason, 'unresolved');
    assert.deepEqual(dev.valueSources, { host: 'env:REDMINE_SMTP_HOST' });
    assert.equal(dev.port, 1025);
    const rollback = pick(run.findings, { host: 'exchange01.contoso.local' });
    assert.equal(rollback.active, false);
    assert.equal(rollback.inactiveReason, 'commented');
    assert.equal(rollback.line, 21);
    assertNoCanary(run);
  });

  it("reads Mastodon's config/email.yml as environment references (the values are in .env.production)", () => {
    const f = pick(runFixtures(rails, import.meta.url, 'mastodon/config/email.yml').findings, { line: 10 });
    assert.equal(f.host, null);
    assert.deepEqual(f.valueSources, { host: 'env:SMTP_SERVER' });
    assert.equal(f.inactiveReason, 'unresolved');
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'env:SMTP_PASSWORD');
    assert.equal(f.port, 25);
    assert.equal(f.system, 'Mastodon');
  });

  it('keeps the shipped Redmine example inactive', () => {
    const run = runFixtures(rails, import.meta.url, 'redmine/config/configuration.yml.example');
    assert.ok(run.findings.length >= 3);
    assert.ok(run.findings.every((f) => !f.active));
    assert.equal(pick(run.findings, { host: 'example.com', line: 30 }).auth.username, 'myaccount');
    assert.equal(run.secrets.size, 0, '"password" is documentation, not a secret');
  });

  it('reads Discourse containers/app.yml env with From and the commented SendGrid block', () => {
    const run = runFixtures(rails, import.meta.url, 'discourse/containers/app.yml');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.system, 'Discourse');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.username, 'forum@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'noreply@contoso.com');
    assert.equal(f.line, 39);
    assert.equal(f.locations?.from?.line, 45);
    const old = pick(run.findings, { host: 'smtp.sendgrid.net' });
    assert.equal(old.active, false);
    assert.equal(old.port, 2525);
    assert.equal(old.endpointKind, 'other-public');
    assertNoCanary(run);
  });

  it('reads a non-Docker discourse.conf', () => {
    const f = pick(runFixtures(rails, import.meta.url, 'discourse-source/config/discourse.conf').findings, { host: 'relay.contoso.local' });
    assert.equal(f.port, 25);
    assert.equal(f.security, 'none');
    assert.equal(f.auth.method, 'none');
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['one-line hash', 'config.action_mailer.smtp_settings = { address: "mail.contoso.com", port: 2525, user_name: "app", password: "R365CANARY-x" }', { host: 'mail.contoso.com', port: 2525, security: 'starttls' }],
    ['enable_starttls required', 'ActionMailer::Base.smtp_settings = { address: "smtp.contoso.com", enable_starttls: true }', { security: 'starttls', port: 25 }],
    ['string keys', 'ActionMailer::Base.smtp_settings = { "address" => "smtp.contoso.com", "port" => 587 }', { host: 'smtp.contoso.com', port: 587 }],
    ['xoauth2', 'config.action_mailer.smtp_settings = { address: "smtp.office365.com", port: 587, user_name: "a@b.c", authentication: :xoauth2 }', { auth: { method: 'oauth2', username: 'a@b.c', secret: 'absent' } }],
    ['port 465 alone', 'config.action_mailer.smtp_settings = { address: "smtp.contoso.com", port: 465 }', { security: 'tls' }],
    ['perform_deliveries off', 'config.action_mailer.perform_deliveries = false\nconfig.action_mailer.smtp_settings = { address: "smtp.contoso.com" }', { active: false, inactiveReason: 'disabled' }],
    ['test delivery', 'config.action_mailer.delivery_method = :test\nconfig.action_mailer.smtp_settings = { address: "smtp.contoso.com" }', { active: false, inactiveReason: 'disabled' }],
    ['computed host', 'config.action_mailer.smtp_settings = { address: Setting.smtp_host, port: 25 }', { host: null, active: false, inactiveReason: 'unresolved' }],
    ['interpolated ENV host', 'config.action_mailer.smtp_settings = { address: "#{ENV[\'MAIL_HOST\']}", port: 25 }', { host: null, valueSources: { host: 'env:MAIL_HOST' }, inactiveReason: 'unresolved' }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(rails, `${text}\n`, '/srv/app/config/environments/production.rb');
      assert.equal(run.findings.length, 1, JSON.stringify(run.findings));
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
      assertNoCanary(run);
    });
  }

  it('survives a truncated hash, hostile input and comparisons', () => {
    const run = runFixtures(rails, import.meta.url, 'broken/config/initializers/mail.rb');
    assert.ok(run.secrets.has('R365CANARY-rails-broken'));
    assertNoCanary(run);
    const path = '/srv/app/config/initializers/mail.rb';
    assert.equal(runText(rails, 'if config.action_mailer.delivery_method == :smtp\nend\n', path).findings.length, 0);
    assert.doesNotThrow(() => runText(rails, 'smtp_settings = {'.repeat(20_000), path));
    assert.doesNotThrow(() => runText(rails, `smtp_settings = { address: "${'a'.repeat(1_000_000)}" }`, path));
    assert.doesNotThrow(() => runText(rails, String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), path));
    assert.doesNotThrow(() => runText(rails, `env:\n${'  - '.repeat(20_000)}DISCOURSE_SMTP_ADDRESS: x\n`, '/var/discourse/containers/app.yml'));
    assert.doesNotThrow(() => runText(rails, `default:\n  email_delivery: [${'['.repeat(20_000)}`, '/srv/redmine/config/configuration.yml'));
  });
});
