import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { javaJndi } from './index.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('java-jndi', () => {
  it('reads a Tomcat mail/Session resource and a commented one', () => {
    const run = runFixtures(javaJndi, import.meta.url, 'tomcat/conf/context.xml');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'intranet@contoso.com', secret: 'present' });
    assert.equal(f.from, 'intranet@contoso.com');
    assert.equal(f.line, 34);
    assert.deepEqual(f.locations?.host, { line: 34, text: 'smtp.office365.com' });
    assert.deepEqual(f.locations?.port, { line: 35, text: '587' });
    assert.ok(!f.notes?.length, 'starttls.required: no opportunistic note');
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assertNoCanary(run);
  });

  it('reads smtps properties with a property placeholder host', () => {
    const run = runFixtures(javaJndi, import.meta.url, 'tomcat/conf/Catalina/localhost/crm.xml');
    const f = run.findings[0];
    assert.equal(f.host, null);
    assert.equal(f.inactiveReason, 'unresolved');
    assert.equal(f.valueSources?.host, 'property:crm.smtp.host');
    assert.equal(f.port, 465);
    assert.equal(f.security, 'tls');
    assert.equal(f.auth.secret, 'external');
    assert.equal(f.secretRef, 'property:crm.smtp.password');
  });

  it('resolves WildFly outbound socket bindings, ${env.X:default}, credential stores', () => {
    const run = runFixtures(javaJndi, import.meta.url, 'wildfly/standalone/configuration/standalone.xml');
    const def = pick(run.findings, { host: 'localhost' });
    assert.equal(def.port, 25);
    assert.equal(def.endpointKind, 'local');
    assert.equal(def.valueSources?.host, 'property:jboss.mail.server.host');
    assert.equal(def.valueSources?.['host default'], 'localhost (used when jboss.mail.server.host is not set)');
    assert.ok(def.notes?.some((n) => /shipped default/.test(n)));
    const orders = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(orders.port, 587);
    assert.equal(orders.security, 'starttls');
    assert.equal(orders.valueSources?.host, 'env:SMTP_HOST', 'the .env pass may still resolve it');
    assert.deepEqual(orders.auth, { method: 'password', username: 'orders@contoso.com', secret: 'external' });
    assert.equal(orders.secretRef, 'credential-store:mail-store/orders-smtp');
    assert.equal(orders.from, 'orders@contoso.com');
    assert.equal(orders.line, 29);
    const legacy = pick(run.findings, { host: '10.20.0.25' });
    assert.equal(legacy.security, 'none');
    assert.deepEqual(legacy.auth, { method: 'password', username: 'svc-legacy', secret: 'present' });
    assert.equal(legacy.endpointKind, 'internal');
    assertNoCanary(run);
  });

  it('reads a GlassFish mail-resource', () => {
    const run = runFixtures(javaJndi, import.meta.url, 'glassfish/domains/domain1/config/domain.xml');
    const f = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'notifications.contoso@gmail.com', secret: 'present' });
    assert.ok(run.secrets.has('R365CANARY-glassfish'));
    assertNoCanary(run);
  });

  it('survives hostile input', () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const text of [random, `<Resource type="javax.mail.Session" mail.smtp.host="${'x'.repeat(1_000_000)}"/>`, `${'<a>'.repeat(20_000)}<mail-session><smtp-server outbound-socket-binding-ref="x"/>`, '<Resource type="javax.mail.Session" mail.smtp.host="cut', '<mail-session><smtp-server/></mail-session>']) {
      assert.doesNotThrow(() => runText(javaJndi, text, '/opt/tomcat/conf/context.xml'));
    }
  });
});
