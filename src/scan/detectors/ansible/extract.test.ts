import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ansible } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('ansible', () => {
  it('reads Postfix role variables with a vaulted password reference and a commented old relay', () => {
    const run = runFixtures(ansible, import.meta.url, 'inventory/group_vars/mailrelays.yml');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls', 'encrypt = required STARTTLS');
    assert.deepEqual(f.auth, { method: 'password', username: 'relay@contoso.com', secret: 'external' });
    assert.equal(f.secretRef, 'ansible-var:vault_postfix_sasl_password');
    assert.equal(f.role, 'relay');
    assert.equal(f.line, 4);
    assert.deepEqual(f.locations?.port, { line: 5, text: '587' });
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.port, 25);
  });

  it('fills Jinja references from the same file, names lookups and vaulted values, reads nested dictionaries', () => {
    const run = runFixtures(ansible, import.meta.url, 'inventory/group_vars/webservers.yml');
    const intranet = pick(run.findings, { line: 4 });
    assert.equal(intranet.host, 'mail.contoso.local');
    assert.equal(intranet.valueSources?.host, 'ansible-var:smtp_relay');
    assert.equal(intranet.port, 25);
    assert.equal(intranet.from, 'intranet@contoso.com', 'INTRANET_MAIL_FROM joins INTRANET_SMTP_HOST');
    const grafana = pick(run.findings, { line: 7 });
    assert.equal(grafana.host, null);
    assert.equal(grafana.inactiveReason, 'unresolved');
    assert.equal(grafana.valueSources?.host, 'env:GRAFANA_SMTP_HOST');
    assert.equal(grafana.auth.secret, 'external');
    assert.equal(grafana.secretRef, 'ansible-vault:' + grafana.path + ':8');
    const nested = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(nested.port, 587);
    assert.equal(nested.security, 'starttls');
    assert.equal(nested.auth.username, 'notify@contoso.com');
    assert.equal(nested.auth.secret, 'present');
    assert.ok(run.secrets.has('R365CANARY-ansible-inline'));
    assert.ok([...run.secrets].some((s) => s.startsWith('$ANSIBLE_VAULT;')), 'vault ciphertext is scrubbed too');
    assertNoCanary(run);
  });

  it('skips vault-encrypted files and blank role defaults; notes real role defaults', () => {
    assert.equal(runFixtures(ansible, import.meta.url, 'inventory/group_vars/all/vault.yml').findings.length, 0);
    assert.equal(runFixtures(ansible, import.meta.url, 'roles/mailer/defaults/main.yml').findings.length, 0);
    const run = runFixtures(ansible, import.meta.url, 'roles/backup/defaults/main.yml');
    const f = pick(run.findings, { host: 'localhost' });
    assert.equal(f.endpointKind, 'local');
    assert.ok(f.notes?.some((n) => /role default/.test(n)));
    assert.equal(f.from, 'backup@{{ ansible_domain }}', 'a templated From is reported as written');
    const collection = '/usr/lib/python3/dist-packages/ansible_collections/ovirt/ovirt/roles/hosted_engine_setup/defaults/main.yml';
    assert.deepEqual(runText(ansible, 'he_smtp_server: localhost\nhe_smtp_port: 25\n', collection).findings, [], "an installed collection's defaults are library code");
    assert.equal(runText(ansible, 'he_smtp_server: localhost\nhe_smtp_port: 25\n', '/srv/ansible/roles/engine/defaults/main.yml').findings.length, 1, "the site's own role");
  });

  it('survives hostile input', () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const text of [random, `# smtp_host: ${' '.repeat(1_000_000)}x\nsmtp_host: "{{ ${' '.repeat(1_000_000)} }}"\n`, `smtp_host: ${'x'.repeat(1_000_000)}\n`, `smtp_host: "{{ ${'('.repeat(20_000)} }}"`, `mail: ${'{'.repeat(20_000)}`, 'smtp_host: "{{ a }}"\na: "{{ smtp_host }}"\n']) {
      assert.doesNotThrow(() => runText(ansible, text, '/srv/ansible/group_vars/all.yml'));
    }
  });
});
