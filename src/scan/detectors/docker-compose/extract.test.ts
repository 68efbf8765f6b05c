import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dockerCompose } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('docker-compose', () => {
  it('reads a relay image, Grafana, Nextcloud and namshi/smtp per service', () => {
    const run = runFixtures(dockerCompose, import.meta.url, 'stack/docker-compose.yml');
    const relay = pick(run.findings, { host: 'smtp.office365.com', line: 14 });
    assert.equal(relay.port, 587);
    assert.equal(relay.security, 'starttls');
    assert.deepEqual(relay.auth, { method: 'password', username: 'relay@contoso.com', secret: 'present' });
    assert.equal(relay.role, 'relay');
    assert.equal(relay.endpointKind, 'm365-submission');
    assert.equal(relay.active, true);
    assert.deepEqual(relay.locations?.host, { line: 14, text: '[smtp.office365.com]:587' });
    assert.ok(relay.notes?.some((n) => /opportunistic/.test(n)));
    assert.ok(run.secrets.has('R365CANARY-compose-relay'));
    const old = pick(run.findings, { host: 'mail.contoso.local', line: 18 });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.port, 25);

    const grafana = pick(run.findings, { line: 26 });
    assert.equal(grafana.host, 'smtp.office365.com');
    assert.equal(grafana.port, 587);
    assert.equal(grafana.security, 'starttls');
    assert.equal(grafana.auth.secret, 'external');
    assert.equal(grafana.secretRef, 'compose-secret:grafana_smtp (file ./secrets/grafana_smtp.txt)');
    assert.equal(grafana.from, 'grafana@contoso.com');
    assert.equal(grafana.role, 'app');
    assert.match(grafana.system, /Grafana/);

    const nextcloud = pick(run.findings, { line: 38 });
    assert.equal(nextcloud.host, null);
    assert.equal(nextcloud.active, false);
    assert.equal(nextcloud.inactiveReason, 'unresolved');
    assert.equal(nextcloud.valueSources?.host, 'env:NC_SMTP_HOST');
    assert.equal(nextcloud.port, 587);
    assert.equal(nextcloud.security, 'starttls', 'Nextcloud SMTP_SECURE=tls is STARTTLS');
    assert.deepEqual(nextcloud.auth, { method: 'password', username: 'nextcloud@contoso.com', secret: 'external' });
    assert.equal(nextcloud.secretRef, 'env:NC_SMTP_PASSWORD');
    assert.equal(nextcloud.from, 'nextcloud@contoso.com', 'MAIL_FROM_ADDRESS completes the SMTP_ family');
    assert.ok(nextcloud.notes?.some((n) => n.includes('./nextcloud.env')));

    const shared = pick(run.findings, { host: 'relay.contoso.local' });
    assert.equal(shared.active, true, 'compose uses the default when nothing defines SMTP_HOST');
    assert.equal(shared.valueSources?.host, 'env:SMTP_HOST');
    assert.match(shared.valueSources?.['host default'] ?? '', /relay\.contoso\.local/);
    assert.equal(shared.port, 25);
    assert.equal(shared.from, 'orders@contoso.com');

    const gmail = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(gmail.port, 587);
    assert.equal(gmail.role, 'relay');
    assert.equal(gmail.auth.secret, 'external');
    assert.equal(gmail.secretRef, 'env:GMAIL_APP_PASSWORD');
    assert.equal(gmail.endpointKind, 'other-public');

    assert.equal(run.findings.length, 6, 'postgres is not a mail setting');
    assert.ok(!run.secrets.has('R365CANARY-compose-db'), 'a database password is none of our business');
    assertNoCanary(run);
  });

  it('reads GITLAB_OMNIBUS_CONFIG with the GitLab reader and maps its lines', () => {
    const run = runFixtures(dockerCompose, import.meta.url, 'gitlab/compose.yaml');
    const gitlab = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(gitlab.line, 10);
    assert.equal(gitlab.port, 587);
    assert.equal(gitlab.security, 'starttls');
    assert.equal(gitlab.auth.username, 'gitlab@contoso.com');
    assert.equal(gitlab.auth.secret, 'present');
    assert.equal(gitlab.from, 'gitlab@contoso.com');
    assert.deepEqual(gitlab.locations?.host, { line: 10, text: 'smtp.office365.com' });
    assert.ok(run.secrets.has('R365CANARY-compose-gitlab'));
    const discourse = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(discourse.port, 25);
    assert.equal(discourse.security, 'none');
    assert.equal(discourse.from, 'noreply@contoso.com');
    assert.equal(discourse.auth.method, 'none');
    const airflow = pick(run.findings, { host: 'smtp.sendgrid.net' });
    assert.equal(airflow.security, 'starttls');
    assert.equal(airflow.auth.username, 'apikey');
    assert.equal(airflow.from, 'airflow@contoso.com');
    assert.equal(airflow.active, true, 'MAIL_MAILER=log belongs to another family');
    assertNoCanary(run);
  });

  it('marks an example compose file inactive and survives a broken one', () => {
    const example = runFixtures(dockerCompose, import.meta.url, 'example/docker-compose.yml.example');
    const f = pick(example.findings, { host: 'smtp.mailtrap.io' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    assert.equal(f.auth.secret, 'absent', 'changeme is no secret');
    const broken = runFixtures(dockerCompose, import.meta.url, 'broken/docker-compose.yml');
    assert.ok(broken.warnings.some((w) => w.code === 'parse-error'));
    assert.ok(broken.findings.every((x) => !x.active && x.host === null), 'a quote that swallows the next line gives no host');
  });

  it('takes list and map forms, pass-through variables and compose-only ${VAR-default}', () => {
    const table: [string, Partial<{ host: string | null; port: number | null; active: boolean; source: string }>][] = [
      ['services:\n  a:\n    environment:\n      - SMTP_HOST\n', { host: null, active: false, source: 'env:SMTP_HOST' }],
      ['services:\n  a:\n    environment:\n      SMTP_SERVER: ${RELAY-mx.contoso.local}\n      SMTP_PORT: 2525\n', { host: 'mx.contoso.local', port: 2525, active: true, source: 'env:RELAY' }],
      ['services:\n  a:\n    environment:\n      MAILER_DSN: smtp://app:R365CANARY-dsn@smtp.office365.com:587\n', { host: 'smtp.office365.com', port: 587, active: true }],
      ['web:\n  image: php\n  environment:\n    MAIL_HOST: 10.0.0.25\n', { host: '10.0.0.25', active: true }],
    ];
    for (const [text, want] of table) {
      const run = runText(dockerCompose, text, '/srv/app/docker-compose.yml');
      assert.equal(run.findings.length, 1, text);
      const f = run.findings[0];
      if ('host' in want) assert.equal(f.host, want.host, text);
      if ('port' in want) assert.equal(f.port, want.port, text);
      if ('active' in want) assert.equal(f.active, want.active, text);
      if (want.source) assert.equal(f.valueSources?.host, want.source, text);
      assertNoCanary(run);
    }
  });

  it('survives hostile input', () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const text of [random, `services:\n  a:\n    environment:\n      SMTP_HOST: x\n# SMTP_HOST= ${' '.repeat(1_000_000)}x\n`, `services:\n  a:\n    environment:\n      SMTP_HOST: ${'x'.repeat(1_000_000)}\n`, '['.repeat(20_000), '- '.repeat(20_000) + 'x', 'services:\n  a:\n    environment: [' + '{'.repeat(5000)]) {
      assert.doesNotThrow(() => runText(dockerCompose, text, '/srv/docker-compose.yml'));
    }
  });
});
