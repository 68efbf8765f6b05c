import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nagios } from './index.js';
import { analyseCommand } from './commandline.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('nagios', () => {
  it('reads the shipped mail commands as local MTA dependencies and sendEmail commands as relays', () => {
    const run = runFixtures(nagios, import.meta.url, 'etc/nagios4/objects/commands.cfg');
    const local = run.findings.filter((f) => f.endpointKind === 'local');
    assert.equal(local.length, 2);
    assert.deepEqual(local.map((f) => f.line), [22, 28]);
    assert.ok(local.every((f) => f.active && f.host === null && /local MTA/.test(f.notes!.join())));
    const host = pick(run.findings, { line: 34 });
    assert.equal(host.host, 'smtp.office365.com');
    assert.equal(host.port, 587);
    assert.equal(host.security, 'starttls');
    assert.equal(host.auth.username, 'nagios@contoso.com');
    assert.equal(host.auth.secret, 'external');
    assert.equal(host.secretRef, 'nagios-macro:USER9 (resource.cfg)');
    assert.equal(host.from, 'nagios@contoso.com');
    assert.equal(host.endpointKind, 'm365-submission');
    assert.deepEqual(host.locations, { host: { line: 34, text: 'smtp.office365.com' }, port: { line: 34, text: '587' }, username: { line: 34, text: 'nagios@contoso.com' }, from: { line: 34, text: 'nagios@contoso.com' } });
    const service = pick(run.findings, { line: 39 });
    assert.equal(service.auth.secret, 'present');
    assert.equal(service.security, 'starttls');
    assert.match(service.notes!.join('\n'), /tls=auto/);
    assert.match(service.evidence, /-xp \*\*\*/);
    const old = pick(run.findings, { host: 'mailrelay.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.equal(old.port, 25);
    assert.equal(old.security, 'none');
    assert.equal(run.findings.length, 5, 'check commands are not senders');
    assert.ok(run.secrets.has('R365CANARY-nagios'));
    assertNoCanary(run);
  });

  it("reads Icinga 2 command objects: the shipped mail script and a sendEmail with vars", () => {
    const run = runFixtures(nagios, import.meta.url, 'etc/icinga2/conf.d/commands.conf');
    assert.equal(run.findings.length, 2);
    const script = pick(run.findings, { endpointKind: 'local' });
    assert.equal(script.system, 'Icinga 2');
    assert.equal(script.line, 10);
    assert.match(script.notes!.join('\n'), /mail-host-notification\.sh/);
    const send = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(send.port, 587);
    assert.equal(send.security, 'starttls');
    assert.equal(send.auth.username, 'icinga@contoso.com');
    assert.equal(send.auth.secret, 'present');
    assert.equal(send.from, 'icinga@contoso.com');
    assert.equal(send.locations?.host?.line, 56, "where the value is written: the vars line");
    assert.ok(run.secrets.has('R365CANARY-icinga'));
    assertNoCanary(run);
  });

  it("reads Debian's Icinga 2 commands.conf: the two live mail scripts, and the pre-2.7 copies in a /* */ block as commented", () => {
    const run = runFixtures(nagios, import.meta.url, 'debian-icinga2/etc/icinga2/conf.d/commands.conf');
    assert.deepEqual(run.findings.map((f) => [f.line, f.endpointKind, f.active, f.inactiveReason ?? null]), [
      [10, 'local', true, null], [69, 'local', true, null], [149, 'local', false, 'commented'], [167, 'local', false, 'commented'],
    ]);
    const text = (body: string) => runText(nagios, body, '/etc/icinga2/conf.d/c.conf').findings.map((f) => f.active);
    const object = 'object NotificationCommand "m" {\n  command = [ "/usr/bin/sendEmail", "-s", "relay.contoso.local:25" ]\n}\n';
    assert.deepEqual(text(`// ${object}`), [false], 'a // comment on its opening line');
    assert.deepEqual(text(`# ${object}`), [false]);
    assert.deepEqual(text(`const X = "/* not a comment"\n${object}`), [true], 'comment marks inside a string are text');
    assert.deepEqual(text(`/* unclosed\n${object}`), [false]);
  });

  it('reads Naemon mailx -S smtp=smtps:// and msmtp -a', () => {
    const run = runFixtures(nagios, import.meta.url, 'etc/naemon/conf.d/commands.cfg');
    const f = pick(run.findings, { host: 'smtp.gmail.com' });
    assert.equal(f.system, 'Naemon');
    assert.equal(f.port, 465);
    assert.equal(f.security, 'tls');
    assert.equal(f.auth.username, 'contoso.alerts@gmail.com');
    assert.equal(f.auth.secret, 'present');
    assert.equal(f.from, 'naemon@contoso.com');
    const msmtp = pick(run.findings, { endpointKind: 'local' });
    assert.match(msmtp.notes!.join('\n'), /msmtp account alerts/);
    assertNoCanary(run);
  });

  it('keeps the sample-config inactive and survives a truncated file', () => {
    const sample = runFixtures(nagios, import.meta.url, 'nagios-4.4.14/sample-config/template-object/commands.cfg.in');
    assert.ok(sample.findings.length >= 1 && sample.findings.every((f) => !f.active));
    assertNoCanary(sample);
    const run = runFixtures(nagios, import.meta.url, 'broken/nagios/commands.cfg');
    const f = pick(run.findings, { host: '10.1.1.25' });
    assert.equal(f.port, 25);
    assert.equal(f.auth.secret, 'present');
    assertNoCanary(run);
  });

  const commands: [string, string, Partial<Record<string, unknown>> | null][] = [
    ['swaks implicit TLS', 'swaks --server smtp.contoso.com:465 --tls-on-connect --auth LOGIN --auth-user a --auth-password R365CANARY-s', { host: 'smtp.contoso.com', port: 465, security: 'tls', username: 'a' }],
    ['swaks STARTTLS with --port', 'swaks -s relay.contoso.com -p 587 --tls -f ops@contoso.com', { port: 587, security: 'starttls', from: 'ops@contoso.com' }],
    ['curl smtp with --ssl-reqd', "curl --url 'smtp://smtp.contoso.com:587' --ssl-reqd --mail-from a@contoso.com --user 'a@contoso.com:R365CANARY-c' -T mail.txt", { port: 587, security: 'starttls', username: 'a@contoso.com' }],
    ['curl smtps', 'curl smtps://smtp.contoso.com --mail-rcpt x@y', { port: 465, security: 'tls' }],
    ['msmtp --host', 'msmtp --host=smtp.contoso.com --port=587 --tls=on --auth=on --user=a --from=a@contoso.com x@y', { kind: 'relay', port: 587, security: 'starttls' }],
    ['bsmtp', '/usr/sbin/bsmtp -h mail.contoso.com:2525 -f backup@contoso.com ops@contoso.com', { host: 'mail.contoso.com', port: 2525 }],
    ['s-nail mta url', 's-nail -S mta=smtp://u:R365CANARY-n@smtp.contoso.com:587 -S smtp-use-starttls -r a@contoso.com x@y', { port: 587, security: 'starttls', username: 'u' }],
    ['plain sendmail', '/usr/sbin/sendmail -t -oi', { kind: 'local' }],
    ['check plugin', '$USER1$/check_smtp -H $HOSTADDRESS$', null],
  ];
  for (const [name, line, want] of commands) {
    it(`command: ${name}`, () => {
      const c = analyseCommand(line);
      if (!want) { assert.equal(c, null); return; }
      assert.ok(c);
      for (const [k, v] of Object.entries(want)) assert.deepEqual((c as unknown as Record<string, unknown>)[k], v, `${name}: ${k}`);
      assert.ok(!c.redacted.includes('R365CANARY'));
    });
  }

  it('leaves a $USERn$ host unresolved', () => {
    const run = runText(nagios, 'define command {\n  command_name n\n  command_line /usr/bin/sendEmail -s $USER5$ -t x\n}\n', '/etc/nagios/commands.cfg');
    const f = run.findings[0];
    assert.equal(f.host, null);
    assert.equal(f.inactiveReason, 'unresolved');
    assert.deepEqual(f.valueSources, { host: 'nagios-macro:USER5 (resource.cfg)' });
  });

  it('survives hostile input', () => {
    assert.doesNotThrow(() => runText(nagios, `define command {\ncommand_line sendEmail ${'"'.repeat(100_000)}\n}`, '/etc/nagios/commands.cfg'));
    assert.doesNotThrow(() => runText(nagios, `define command {\ncommand_line sendEmail -s ${'a'.repeat(1_000_000)}\n}`, '/etc/nagios/commands.cfg'));
    assert.doesNotThrow(() => runText(nagios, `object NotificationCommand "x" {${'{'.repeat(20_000)} command = [ "sendEmail" ]`, '/etc/icinga2/conf.d/x.conf'));
    assert.doesNotThrow(() => runText(nagios, String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), '/etc/nagios/commands.cfg'));
  });
});
