import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keycloak } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('keycloak', () => {
  it('reads a realm export smtpServer with lines, realm name and From', () => {
    const run = runFixtures(keycloak, import.meta.url, 'opt/keycloak/data/import/contoso-realm.json');
    assert.equal(run.findings.length, 1);
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.equal(f.auth.method, 'password');
    assert.equal(f.auth.username, 'sso@contoso.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'sso@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.line, 36);
    assert.deepEqual(f.locations, { host: { line: 36, text: 'smtp.office365.com' }, port: { line: 34, text: '587' }, username: { line: 39, text: 'sso@contoso.com' }, from: { line: 37, text: 'sso@contoso.com' } });
    assert.match(f.notes!.join('\n'), /realm contoso/);
    assert.ok(run.secrets.has('R365CANARY-keycloak'));
    assertNoCanary(run);
  });

  it('reads a masked admin-console export with implicit TLS', () => {
    const f = pick(runFixtures(keycloak, import.meta.url, 'exports/realm-export.json').findings, { host: 'smtp.contoso.com' });
    assert.equal(f.security, 'tls');
    assert.equal(f.port, 465);
    assert.equal(f.auth.username, 'partners-sso');
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'masked-export:keycloak/partners/smtpServer.password');
  });

  it('reads every realm of a multi-realm export: empty, env placeholder, XOAUTH2', () => {
    const run = runFixtures(keycloak, import.meta.url, 'exports/keycloak-realms.json');
    assert.equal(run.findings.length, 2, 'master has an empty smtpServer');
    const staff = pick(run.findings, { line: 12 });
    assert.equal(staff.host, null);
    assert.equal(staff.inactiveReason, 'unresolved');
    assert.deepEqual(staff.valueSources, { host: 'env:KC_SMTP_HOST' });
    assert.equal(staff.security, 'none');
    assert.equal(staff.auth.method, 'none');
    const apps = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(apps.auth.method, 'oauth2');
    assert.equal(apps.auth.secret, 'present');
    assert.match(apps.notes!.join('\n'), /realm apps/);
    assert.ok(run.secrets.has('R365CANARY-keycloak-oauth'));
    assertNoCanary(run);
  });

  it('warns on a truncated export and keeps what it read', () => {
    const run = runFixtures(keycloak, import.meta.url, 'broken/lab-realm.json');
    const f = pick(run.findings, { host: 'mail.lab.contoso.local' });
    assert.equal(f.port, 25);
    assert.equal(f.auth.secret, 'present');
    assert.equal(run.warnings[0].code, 'truncated');
    assertNoCanary(run);
  });

  it('survives hostile input', () => {
    const path = '/srv/realm.json';
    assert.doesNotThrow(() => runText(keycloak, `{"smtpServer": ${'{"a":'.repeat(20_000)}`, path));
    assert.doesNotThrow(() => runText(keycloak, '"smtpServer":{"host":"x"},'.repeat(50_000), path));
    assert.doesNotThrow(() => runText(keycloak, `{"smtpServer":{"host":"${'a'.repeat(1_000_000)}"}}`, path));
    assert.doesNotThrow(() => runText(keycloak, String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), path));
    assert.equal(runText(keycloak, '"smtpServer":{"host":"x"},'.repeat(50_000), path).findings.length, 200, 'bounded');
  });
});
