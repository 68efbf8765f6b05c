import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gitlab } from './index.js';
import { assertNoCanary, fixturesDir, pick, runFixtures, runText } from '../../testing.js';
import { scanPaths } from '../../scan.js';

describe('gitlab', () => {
  it('reads Omnibus gitlab.rb SMTP settings, From and opportunistic STARTTLS', () => {
    const run = runFixtures(gitlab, import.meta.url, 'etc/gitlab/gitlab.rb');
    assert.equal(run.findings.length, 1, 'incoming_email (IMAP) is not a sender');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.match(f.notes!.join('\n'), /plaintext otherwise/);
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'gitlab@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'gitlab@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.active, true);
    assert.equal(f.line, 18);
    assert.equal(f.role, 'app');
    assert.deepEqual(f.locations, { host: { line: 18, text: 'smtp.office365.com' }, port: { line: 19, text: '587' }, username: { line: 20, text: 'gitlab@contoso.com' }, from: { line: 31, text: 'gitlab@contoso.com' } });
    assert.ok(run.secrets.has('R365CANARY-gitlab-1'));
    assertNoCanary(run);
  });

  it('keeps the shipped template inactive', () => {
    const run = runFixtures(gitlab, import.meta.url, 'opt/gitlab/etc/gitlab.rb.template');
    const f = pick(run.findings, { host: 'smtp.server' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'commented');
    assert.equal(f.port, 465);
    assert.equal(f.security, 'starttls', 'starttls_auto true and smtp_tls false, as the template is written');
    assert.match(f.notes!.join('\n'), /expects implicit TLS/);
    assert.equal(f.auth.username, 'smtp user');
    assert.equal(f.from, 'example@example.com');
  });

  it('reads implicit TLS, ENV user and a File.read password', () => {
    const run = runFixtures(gitlab, import.meta.url, 'implicit-tls/gitlab.rb');
    const f = pick(run.findings, { host: 'smtp.contoso.com' });
    assert.equal(f.security, 'tls');
    assert.equal(f.port, 465);
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, null);
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'file:/etc/gitlab/smtp_password');
    assert.equal(f.from, 'git@contoso.com');
    assert.match(f.notes!.join('\n'), /ENV\['GITLAB_SMTP_USER'\]/);
  });

  it('marks smtp_enable = false as disabled and the Graph mailer as superseding SMTP', () => {
    const off = pick(runFixtures(gitlab, import.meta.url, 'disabled/gitlab.rb').findings, { host: 'mailrelay.contoso.local' });
    assert.equal(off.active, false);
    assert.equal(off.inactiveReason, 'disabled');
    assert.equal(off.security, 'none');
    assert.equal(off.auth.method, 'none');
    const run = runFixtures(gitlab, import.meta.url, 'graph/gitlab.rb');
    const graph = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(graph.active, false);
    assert.equal(graph.inactiveReason, 'superseded');
    assert.equal(graph.secretRef, 'env:SMTP_PASSWORD');
    assertNoCanary(run);
  });

  it('reads a source install initializer and its shipped sample', () => {
    const run = runFixtures(gitlab, import.meta.url, 'home/git/gitlab/config/initializers/smtp_settings.rb', 'home/git/gitlab/config/initializers/smtp_settings.rb.sample');
    const live = pick(run.findings, { host: '10.20.0.25' });
    assert.equal(live.active, true);
    assert.equal(live.port, 25);
    assert.equal(live.security, 'none');
    assert.equal(live.auth.method, 'none', 'user_name is commented out');
    assert.equal(live.endpointKind, 'internal');
    assert.equal(live.line, 10);
    const sample = pick(run.findings, { host: 'email.server.com' });
    assert.equal(sample.active, false);
    assert.equal(sample.inactiveReason, 'example-file');
    assert.equal(sample.port, 456, 'the shipped sample really says 456');
    assert.equal(sample.auth.secret, 'present');
    assert.ok(run.secrets.has('R365CANARY-gitlab-old'), 'commented passwords are registered too');
    assertNoCanary(run);
  });

  const rows: { name: string; text: string; security: string; method: string; port: number; notes?: RegExp }[] = [
    { name: 'xoauth2', text: `gitlab_rails['smtp_enable'] = true\ngitlab_rails['smtp_address'] = 'smtp.office365.com'\ngitlab_rails['smtp_port'] = 587\ngitlab_rails['smtp_user_name'] = 'gitlab@contoso.com'\ngitlab_rails['smtp_authentication'] = 'xoauth2'\n`, security: 'starttls', method: 'oauth2', port: 587 },
    { name: 'no port, no TLS keys', text: `gitlab_rails['smtp_enable'] = true\ngitlab_rails['smtp_address'] = "relay"\n`, security: 'starttls', method: 'none', port: 25, notes: /uses 25/ },
    { name: '465 without smtp_tls', text: `gitlab_rails['smtp_enable'] = true\ngitlab_rails['smtp_address'] = "smtp.contoso.com"\ngitlab_rails['smtp_port'] = 465\n`, security: 'tls', method: 'none', port: 465, notes: /implicit TLS on 465/ },
    { name: 'required STARTTLS', text: `gitlab_rails['smtp_enable'] = true\ngitlab_rails['smtp_address'] = "smtp.contoso.com"\ngitlab_rails['smtp_enable_starttls'] = true\ngitlab_rails['smtp_user_name'] = "u"\n`, security: 'starttls', method: 'password', port: 25 },
  ];
  for (const row of rows) {
    it(`row: ${row.name}`, () => {
      const f = runText(gitlab, row.text, '/etc/gitlab/gitlab.rb').findings[0];
      assert.equal(f.security, row.security);
      assert.equal(f.auth.method, row.method);
      assert.equal(f.port, row.port);
      assert.equal(f.active, true);
      if (row.notes) assert.match(f.notes!.join('\n'), row.notes);
    });
  }

  it('leaves an ENV host unresolved, ignores non-GitLab initializers, survives garbage', () => {
    const f = runText(gitlab, `gitlab_rails['smtp_enable'] = true\ngitlab_rails['smtp_address'] = ENV['SMTP_HOST']\n`, '/etc/gitlab/gitlab.rb').findings[0];
    assert.equal(f.host, null);
    assert.equal(f.inactiveReason, 'unresolved');
    assert.deepEqual(f.valueSources, { host: 'env:SMTP_HOST' });
    assert.equal(runText(gitlab, 'ActionMailer::Base.smtp_settings = {\n address: "x"\n}\n', '/srv/app/config/initializers/smtp_settings.rb').findings.length, 0);
    assert.equal(runText(gitlab, "external_url 'https://x'\n", '/etc/gitlab/gitlab.rb').findings.length, 0);
    for (const text of ["gitlab_rails['smtp_address'] = \"unterminated", "gitlab_rails['smtp_address'] = " + '"'.repeat(1_000_000), '\u0000\u0001gitlab_rails[', "gitlab_rails['smtp_port'] = 99999999999\ngitlab_rails['smtp_address'] = 'a'", 'smtp_' + Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1')]) {
      assert.doesNotThrow(() => runText(gitlab, text, '/etc/gitlab/gitlab.rb'));
    }
  });

  it('is found by a real scan of its fixtures: file patterns, content hint, encodings', async () => {
    const { inventory } = await scanPaths({ roots: [fixturesDir(import.meta.url)], detectors: [gitlab] });
    assert.deepEqual([inventory.findings.length, inventory.findings.filter((f) => f.active).length], [7, 3]);
    assert.deepEqual(inventory.warnings.map((w) => w.code), []);
    assert.ok(!JSON.stringify(inventory).includes('R365CANARY'));
  });
});
