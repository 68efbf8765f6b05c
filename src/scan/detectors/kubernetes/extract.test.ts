import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kubernetes } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('kubernetes', () => {
  it('reads ConfigMap data, decodes Secret data and keeps every Secret value secret', () => {
    const run = runFixtures(kubernetes, import.meta.url, 'k8s/orders.yaml');
    const config = pick(run.findings, { line: 8 });
    assert.equal(config.host, 'smtp.office365.com');
    assert.equal(config.port, 587);
    assert.equal(config.from, 'orders@contoso.com');
    assert.equal(config.endpointKind, 'm365-submission');
    assert.deepEqual(config.locations?.host, { line: 8, text: 'smtp.office365.com' });
    assert.ok(run.secrets.has('R365CANARY-k8s-secret'), 'decoded Secret value registered');
    assert.ok(run.secrets.has(Buffer.from('R365CANARY-k8s-secret').toString('base64')), 'base64 text registered');
    assert.ok(!run.secrets.has('orders@contoso.com'), 'a user name reported as such is not scrubbed');

    const api = pick(run.findings, { line: 43 });
    assert.equal(api.host, 'smtp.office365.com', 'configMapKeyRef resolved within the file');
    assert.equal(api.valueSources?.host, 'k8s-configmap:orders-mail/SMTP_HOST');
    assert.equal(api.port, 587);
    assert.deepEqual(api.auth, { method: 'password', username: null, secret: 'external' });
    assert.equal(api.valueSources?.username, 'k8s-secret:orders-smtp/SMTP_USER');
    assert.equal(api.secretRef, 'k8s-secret:orders-smtp/SMTP_PASSWORD');
    assert.ok(api.notes?.some((n) => n.includes('ConfigMap orders-mail (envFrom)')));
    assert.equal(api.active, true);

    const relay = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(relay.role, 'relay');
    assert.equal(relay.port, 25);
    assert.equal(relay.secretRef, 'k8s-secret:relay-credentials/password');

    const cron = pick(run.findings, { line: 89 });
    assert.equal(cron.host, null);
    assert.equal(cron.active, false);
    assert.equal(cron.inactiveReason, 'unresolved');
    assert.equal(cron.valueSources?.host, 'k8s-secret:report-mail/host');
    assert.equal(cron.port, 25);

    const legacy = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(legacy.security, 'starttls');
    assert.equal(legacy.auth.username, 'helpdesk@hotmail.com');
    assert.equal(legacy.auth.secret, 'present');
    assert.equal(legacy.endpointKind, 'windows-live');
    assert.ok(run.secrets.has('R365CANARY-k8s-stringdata'));
    assert.ok(!legacy.evidence.includes('R365CANARY'));
    assertNoCanary(run);
  });

  it('reads Kustomize generator literals', () => {
    const run = runFixtures(kubernetes, import.meta.url, 'kustomize/kustomization.yaml');
    const f = pick(run.findings, { host: 'contoso-com.mail.protection.outlook.com' });
    assert.equal(f.port, 25);
    assert.equal(f.endpointKind, 'm365-mx');
    assert.equal(f.from, 'intranet@contoso.com');
    assert.equal(f.line, 9);
    assert.ok(run.secrets.has('R365CANARY-kustomize'));
    assertNoCanary(run);
  });

  it('leaves chart templates and non-manifests alone', () => {
    assert.equal(runFixtures(kubernetes, import.meta.url, 'chart/templates/secret.yaml').findings.length, 0);
    assert.equal(runText(kubernetes, 'smtp:\n  host: mail.contoso.local\n', '/srv/values.yaml').findings.length, 0);
    assert.ok(!kubernetes.hint!.test('service:\n  name: web\n  replicas: 2\n'));
    assert.ok(kubernetes.hint!.test('apiVersion: v1\nkind: ConfigMap\ndata:\n  SMTP_HOST: x\n'));
  });

  it('warns on a Secret value that is not base64 and survives hostile input', () => {
    const run = runText(kubernetes, 'kind: Secret\nmetadata:\n  name: s\ndata:\n  SMTP_HOST: "not base64!"\n  SMTP_PASSWORD: UjM2NUNBTkFSWS14\n  api-token: dG9rZW4tdmFsdWUtMQ==\n');
    assert.ok(run.warnings.some((w) => w.code === 'decode' && w.line === 5));
    assert.ok(run.secrets.has('token-value-1') && run.secrets.has('dG9rZW4tdmFsdWUtMQ=='), 'a Secret value outside the mail keys is scrubbed too');
    assertNoCanary(run);
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const text of [random, `kind: ConfigMap\nsmtp: 1\n${' \t'.repeat(500_000)}x\n`, `kind: ConfigMap\ndata:\n  SMTP_HOST: ${'x'.repeat(1_000_000)}\n`, `kind: Secret\nmail: ${'['.repeat(20_000)}`, `kind: Pod\nsmtp: 1\n${'- '.repeat(20_000)}x`]) {
      assert.doesNotThrow(() => runText(kubernetes, text, '/srv/k8s/x.yaml'));
    }
  });
});
