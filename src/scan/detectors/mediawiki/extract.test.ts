import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mediawiki } from './index.js';
import { DetectorMatcher } from '../../match.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

const LOCAL = '/etc/mediawiki/LocalSettings.php';

describe('mediawiki', () => {
  it("reads an installer-made LocalSettings.php with $wgSMTP added for Microsoft 365, From from $wgPasswordSender", () => {
    const run = runFixtures(mediawiki, import.meta.url, 'debian/etc/mediawiki/LocalSettings.php');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.deepEqual([f.host, f.port, f.security, f.line, f.active, f.endpointKind, f.role], ['smtp.office365.com', 587, 'starttls', 133, true, 'm365-submission', 'app']);
    assert.deepEqual(f.auth, { method: 'password', username: 'wiki-noreply@contoso.com', secret: 'present' });
    assert.equal(f.from, 'wiki-noreply@contoso.com');
    assert.deepEqual(f.locations, {
      host: { line: 133, text: 'smtp.office365.com' }, port: { line: 136, text: '587' },
      username: { line: 138, text: 'wiki-noreply@contoso.com' }, from: { line: 51, text: 'wiki-noreply@contoso.com' },
    });
    assert.ok(f.notes?.includes('Message-ID domain (IDHost): contoso.com'));
    assert.ok(run.secrets.has('R365CANARY-mediawiki-o365') && run.secrets.has('R365CANARY-mediawiki-rotated'));
    assert.ok(!run.secrets.has('db-pass-not-mail'), 'only mail settings are read');
    assertNoCanary(run);
  });

  it('reads array() syntax, ssl:// as implicit TLS, credentials from getenv() and a later $wgSMTP[key]', () => {
    const run = runFixtures(mediawiki, import.meta.url, 'docker/var/www/html/LocalSettings.php');
    const f = pick(run.findings, { host: 'mail.fabrikam.com' });
    assert.deepEqual([f.port, f.security, f.line, f.active, f.from], [465, 'tls', 12, true, null]);
    assert.deepEqual(f.auth, { method: 'password', username: null, secret: 'external' });
    assert.equal(f.secretRef, 'env:WIKI_SMTP_PASSWORD');
    assert.ok(f.notes?.includes('EHLO name: docs.fabrikam.com'));
    assert.ok(f.notes?.some((n) => n.includes('env:WIKI_SMTP_USER')));
  });

  it('reads # and /* */ blocks as commented, $wgSMTP = false then an array, and a cut-off file', () => {
    const run = runFixtures(mediawiki, import.meta.url, 'commented/srv/wiki/LocalSettings.php');
    const live = pick(run.findings, { host: 'relay.contoso.local' });
    assert.deepEqual([live.port, live.security, live.active, live.line, live.from], [25, 'none', true, 17, 'teamwiki@contoso.com']);
    assert.deepEqual(live.auth, { method: 'none', username: null, secret: 'absent' });
    const old = pick(run.findings, { host: 'exch01.contoso.local' });
    assert.deepEqual([old.active, old.inactiveReason, old.line, old.auth.username, old.auth.secret], [false, 'commented', 8, 'CONTOSO\\svc-wiki', 'present']);
    const placeholder = pick(run.findings, { host: 'smtp.yourdomain.com' });
    assert.deepEqual([placeholder.active, placeholder.security, placeholder.port], [false, 'tls', 587]);
    assert.deepEqual(run.warnings.map((w) => [w.code, w.line]), [['parse-error', 16]]);
    assert.ok(run.secrets.has('R365CANARY-mediawiki-old') && run.secrets.has('R365CANARY-mediawiki-inline'));
    assertNoCanary(run);
  });

  it('keeps a LocalSettings.php.example inactive and reports nothing for $wgSMTP = false (PHP mail())', () => {
    const run = runFixtures(mediawiki, import.meta.url, 'template/srv/wiki/LocalSettings.php.example');
    assert.deepEqual(run.findings.map((f) => [f.host, f.active, f.inactiveReason]), [['smtp.office365.com', false, 'example-file']]);
    assertNoCanary(run);
    assert.equal(runFixtures(mediawiki, import.meta.url, 'mailfn/etc/mediawiki/LocalSettings.php').findings.length, 0);
  });

  it("matches LocalSettings.php, never MediaWiki's own DefaultSettings.php or includes/", () => {
    const matcher = new DetectorMatcher([mediawiki]);
    assert.ok(matcher.match('/etc/mediawiki/LocalSettings.php'));
    assert.equal(matcher.match('/usr/share/mediawiki/includes/DefaultSettings.php'), null);
    assert.equal(matcher.match('/usr/share/mediawiki/includes/MainConfigSchema.php'), null);
  });

  const rows: [string, string, Record<string, unknown>][] = [
    ['statement form', "<?php\n$wgSMTP['host'] = 'mail.contoso.com';\n$wgSMTP['port'] = 2525;\n", { host: 'mail.contoso.com', port: 2525, security: 'none', line: 2 }],
    ['tls:// is implicit TLS', "<?php\n$wgSMTP = ['host' => 'tls://mail.contoso.com', 'port' => 465];\n", { host: 'mail.contoso.com', security: 'tls' }],
    ["'starttls' => true without auth", "<?php\n$wgSMTP = ['host' => 'relay.contoso.local', 'starttls' => true];\n", { security: 'starttls', port: 25 }],
    ['no host', "<?php\n$wgSMTP = ['port' => 25];\n", { host: 'localhost', endpointKind: 'local' }],
    ['mechanism name as auth', "<?php\n$wgSMTP = ['host' => 'smtp.office365.com', 'port' => 587, 'auth' => 'XOAUTH2', 'username' => 'wiki@contoso.com'];\n", { auth: { method: 'oauth2', username: 'wiki@contoso.com', secret: 'absent' } }],
    ['email off', "<?php\n$wgEnableEmail = false;\n$wgSMTP = ['host' => 'mail.contoso.com'];\n", { active: false, inactiveReason: 'disabled' }],
    ['getenv host', "<?php\n$wgSMTP = ['host' => getenv('SMTP_HOST'), 'port' => 587];\n", { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: 'env:SMTP_HOST' } }],
    ['placeholder host', "<?php\n$wgSMTP = ['host' => 'your-smtp-server'];\n", { active: false, inactiveReason: 'placeholder' }],
    ['From from a computed sender', "<?php\n$wgPasswordSender = \"wiki@$wgServerName\";\n$wgSMTP = ['host' => 'mail.contoso.com'];\n", { from: null }],
  ];
  for (const [name, text, want] of rows) {
    it(`row: ${name}`, () => {
      const run = runText(mediawiki, text, LOCAL);
      assert.equal(run.findings.length, 1);
      const f = run.findings[0] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(f[k], v, `${name}: ${k}`);
    });
  }

  it('reports nothing when $wgSMTP is set back to false or only mentioned', () => {
    assert.equal(runText(mediawiki, "<?php\n$wgSMTP = ['host' => 'mail.contoso.com'];\n$wgSMTP = false;\n", LOCAL).findings.length, 0);
    assert.equal(runText(mediawiki, "<?php\nif ( $wgSMTP ) { wfDebug( 'smtp' ); }\n", LOCAL).findings.length, 0);
  });

  it('survives hostile input', () => {
    for (const hostile of [
      `<?php $wgSMTP = [ 'host' => '${'a'.repeat(1_000_000)}`,
      `<?php $wgSMTP = [ 'password' => '${'\\'.repeat(100_000)}`,
      `<?php $wgSMTP = ${'array('.repeat(20_000)}`,
      `<?php ${'$wgSMTP = ['.repeat(20_000)}`,
      `<?php # ${"$wgSMTP = [ 'host' => [".repeat(20_000)}`,
      `<?php /* ${"$wgSMTP['port'] = 1;".repeat(50_000)}`,
      String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    ]) assert.doesNotThrow(() => runText(mediawiki, hostile, LOCAL));
  });
});
