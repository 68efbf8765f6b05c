import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jenkins } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const HOME = ['hudson.tasks.Mailer.xml', 'jenkins.model.JenkinsLocationConfiguration.xml', 'hudson.plugins.emailext.ExtendedEmailPublisher.xml', 'credentials.xml'].map((f) => `var/lib/jenkins/${f}`);

describe('jenkins', () => {
  it('reads the Mailer plugin with its encrypted password and adminAddress as From', () => {
    const run = runFixtures(jenkins, import.meta.url, ...HOME);
    const f = pick(run.findings, { system: 'Jenkins Mailer' });
    assert.equal(f.host, 'smtp.office365.com');
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'jenkins-mail@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.match(f.notes!.join('\n'), /master key/);
    assert.equal(f.from, 'jenkins@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.line, 9);
    assert.equal(f.active, true);
    assert.deepEqual(f.locations, { host: { line: 9, text: 'smtp.office365.com' }, port: { line: 12, text: '587' }, username: { line: 5, text: 'jenkins-mail@contoso.com' } });
    assertNoCanary(run);
  });

  it('links an Email Extension credentialsId to credentials.xml without reading the password', () => {
    const run = runFixtures(jenkins, import.meta.url, ...HOME);
    const ext = run.findings.filter((f) => f.system === 'Jenkins Email Extension');
    assert.equal(ext.length, 2);
    const main = pick(ext, { host: 'smtp.office365.com' });
    assert.equal(main.auth.secret, 'external');
    assert.match(main.secretRef!, /credentials\.xml:22$/);
    assert.equal(main.auth.username, 'jenkins-mail@contoso.com', 'from the credential');
    assert.equal(main.security, 'starttls');
    assert.equal(main.from, 'jenkins@contoso.com');
    const extra = pick(ext, { host: '10.20.30.25' });
    assert.equal(extra.from, 'build-alerts@contoso.com');
    assert.equal(extra.auth.method, 'none');
    assert.equal(extra.security, 'none');
    assert.equal(extra.endpointKind, 'internal');
    assert.ok([...run.secrets].some((s) => s.includes('R365CANARYsmtp')), 'credentials.xml passwords are registered');
    assertNoCanary(run);
  });

  it('reads old flat layouts and deploy-time secret tokens', () => {
    const run = runFixtures(jenkins, import.meta.url, 'ci-bazel/hudson.tasks.Mailer.xml', 'ci-bazel/hudson.plugins.emailext.ExtendedEmailPublisher.xml');
    const mailer = pick(run.findings, { host: 'smtp.sendgrid.net' });
    assert.equal(mailer.port, 2525);
    assert.equal(mailer.security, 'none');
    assert.equal(mailer.auth.username, null);
    assert.deepEqual(mailer.valueSources, { username: 'deploy-variable:smtp.auth.username' });
    assert.equal(mailer.auth.secret, 'external');
    assert.equal(mailer.secretRef, 'deploy-variable:smtp.auth.password');
    assert.equal(mailer.from, null);
    const ext = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(ext.port, 465);
    assert.equal(ext.security, 'tls');
    assert.equal(ext.auth.username, 'contoso.builds@gmail.com');
    assert.equal(ext.auth.secret, 'present');
    assert.ok(run.secrets.has('R365CANARY-jenkins-emailext-legacy'));
    assertNoCanary(run);
  });

  it('reads Configuration as Code with unresolved variables and a commented block', () => {
    const run = runFixtures(jenkins, import.meta.url, 'casc_configs/jenkins.yaml');
    const mailer = pick(run.findings, { system: 'Jenkins Mailer', active: false, inactiveReason: 'unresolved' });
    assert.equal(mailer.host, null);
    assert.deepEqual(mailer.valueSources, { host: 'env:SMTP_HOST' });
    assert.equal(mailer.port, 587);
    assert.equal(mailer.security, 'starttls');
    assert.equal(mailer.auth.username, 'buildbot@contoso.com');
    assert.equal(mailer.secretRef, 'env:SMTP_PASSWORD');
    assert.equal(mailer.from, 'buildbot@contoso.com');
    assert.equal(mailer.line, 18);
    const relay = pick(run.findings, { host: 'mailrelay.contoso.local' });
    assert.equal(relay.active, true);
    assert.equal(relay.secretRef, 'jenkins-credentials:relay-creds');
    assert.equal(relay.from, 'buildbot@contoso.com');
    const old = pick(run.findings, { host: 'smtp-mail.outlook.com' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.auth.username, 'contoso-builds@outlook.com');
    assert.ok(run.secrets.has('R365CANARY-jenkins-casc-old'));
    assertNoCanary(run);
  });

  it('ignores a Mailer.xml holding only defaults and survives a truncated one', () => {
    assert.equal(runFixtures(jenkins, import.meta.url, 'defaults/hudson.tasks.Mailer.xml').findings.length, 0);
    const run = runFixtures(jenkins, import.meta.url, 'broken/hudson.tasks.Mailer.xml');
    const f = pick(run.findings, { host: 'mail.contoso.com' });
    assert.equal(f.auth.username, 'ops');
    assertNoCanary(run);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['useSsl without port', '<hudson.tasks.Mailer_-DescriptorImpl><smtpHost>smtp.contoso.com</smtpHost><useSsl>true</useSsl></hudson.tasks.Mailer_-DescriptorImpl>', { port: 465, security: 'tls' }],
    ['no host, auth only', '<hudson.tasks.Mailer_-DescriptorImpl><smtpAuthUsername>ops</smtpAuthUsername></hudson.tasks.Mailer_-DescriptorImpl>', { host: 'localhost', endpointKind: 'local', port: 25 }],
    ['smtpAuth block', '<hudson.tasks.Mailer_-DescriptorImpl><smtpHost>smtp.office365.com</smtpHost><smtpAuth><username>a@contoso.com</username><password>R365CANARY-row</password></smtpAuth></hudson.tasks.Mailer_-DescriptorImpl>', { auth: { method: 'password', username: 'a@contoso.com', secret: 'present' } }],
    ['commented host', '<hudson.tasks.Mailer_-DescriptorImpl><!-- <smtpHost>old</smtpHost> --><smtpHost>new.contoso.com</smtpHost></hudson.tasks.Mailer_-DescriptorImpl>', { host: 'new.contoso.com' }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(jenkins, text, '/var/lib/jenkins/hudson.tasks.Mailer.xml');
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
      assertNoCanary(run);
    });
  }

  it('survives hostile input', () => {
    const path = '/var/lib/jenkins/hudson.tasks.Mailer.xml';
    assert.doesNotThrow(() => runText(jenkins, '<a>'.repeat(20_000) + '<smtpHost>x</smtpHost>', path));
    assert.doesNotThrow(() => runText(jenkins, `<r><smtpHost>${'a'.repeat(1_000_000)}</smtpHost></r>`, path));
    assert.doesNotThrow(() => runText(jenkins, String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), path));
    assert.doesNotThrow(() => runText(jenkins, `unclassified:\n  mailer: ${'['.repeat(20_000)}`, '/var/lib/jenkins/jenkins.yaml'));
    assert.doesNotThrow(() => runText(jenkins, `unclassified:\n  mailer:\n${'  - '.repeat(20_000)}smtpHost: x\n`, '/var/lib/jenkins/jenkins.yaml'));
  });
});
