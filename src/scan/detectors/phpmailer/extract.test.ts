import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { phpmailer } from './index.js';
import { phpLines, phpValue } from './php.js';
import { assertNoCanary, pick, runFixtures, runText } from '../../testing.js';

describe('phpmailer', () => {
  it('reads a contact form: host, STARTTLS constant, port, user, inline password and setFrom', () => {
    const run = runFixtures(phpmailer, import.meta.url, 'www/contact/send.php');
    const f = pick(run.findings, { host: 'smtp.office365.com' });
    assert.equal(f.line, 18);
    assert.equal(f.port, 587);
    assert.equal(f.security, 'starttls');
    assert.deepEqual(f.auth, { method: 'password', username: 'webforms@contoso.com', secret: 'present' });
    assert.equal(f.from, 'webforms@contoso.com');
    assert.equal(f.endpointKind, 'm365-submission');
    assert.equal(f.active, true);
    assert.equal(f.role, 'app');
    assert.deepEqual(f.locations, {
      host: { line: 18, text: 'smtp.office365.com' }, port: { line: 23, text: '587' },
      username: { line: 20, text: 'webforms@contoso.com' }, from: { line: 26, text: 'webforms@contoso.com' },
    });
    const old = pick(run.findings, { host: 'mail.contoso.local' });
    assert.equal(old.active, false);
    assert.equal(old.inactiveReason, 'commented');
    assert.ok(run.secrets.has('R365CANARY-phpmailer-1'));
    assert.equal(run.findings.length, 2);
    assertNoCanary(run);
  });

  it('reports a host from a constant defined elsewhere as unresolved, with env references', () => {
    const run = runFixtures(phpmailer, import.meta.url, 'www/lib/Notifier.php');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.equal(f.host, null);
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'unresolved');
    assert.deepEqual(f.valueSources, { host: 'const:SMTP_HOST', port: 'env:SMTP_PORT', username: 'env:SMTP_USER' });
    assert.equal(f.port, null);
    assert.equal(f.security, 'starttls', "SMTPSecure = 'tls' is STARTTLS");
    assert.deepEqual(f.auth, { method: 'password', username: null, secret: 'external' });
    assert.equal(f.secretRef, 'env:SMTP_PASS');
    assert.equal(f.from, 'orders@contoso.com');
    assert.match(f.notes!.join('\n'), /Port falls back to 587/);
  });

  it('resolves a $var host list with ssl:// and a define() used for user and From', () => {
    const run = runFixtures(phpmailer, import.meta.url, 'www/legacy/mail_old.php');
    const live = pick(run.findings, { host: 'smtp.live.com' });
    assert.equal(live.port, 465);
    assert.equal(live.security, 'tls');
    assert.equal(live.endpointKind, 'windows-live');
    assert.deepEqual(live.auth, { method: 'password', username: 'contoso.shop@hotmail.com', secret: 'present' });
    assert.equal(live.from, 'contoso.shop@hotmail.com');
    assert.deepEqual(live.valueSources, { host: 'var:$relay' });
    const outlook = pick(run.findings, { host: 'smtp-mail.outlook.com' });
    assert.equal(outlook.port, 587);
    assert.equal(outlook.security, 'starttls');
    assert.match(outlook.notes!.join('\n'), /fallback host/);
    assert.ok(run.secrets.has('R365CANARY-phpmailer-live'));
    assert.ok(run.secrets.has('R365CANARY-phpmailer-old'), 'a password in a comment is scrubbed too');
    assertNoCanary(run);
  });

  it('returns null for PHPMailer\'s own class source', () => {
    const run = runFixtures(phpmailer, import.meta.url, 'libs/phpmailer/src/PHPMailer.php');
    assert.equal(run.findings.length, 0);
  });

  it('marks a .dist sample inactive without registering its placeholder password', () => {
    const run = runFixtures(phpmailer, import.meta.url, 'www/contact/settings.php.dist');
    const f = pick(run.findings, { host: 'smtp.example.com' });
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'example-file');
    assert.equal(run.secrets.size, 0);
  });

  it('leaves phpmailer_init hooks to the wordpress detector and reads isMail() as unused', () => {
    assert.equal(runText(phpmailer, "<?php add_action('phpmailer_init', function ($phpmailer) { $phpmailer->Host = 'x.example'; });", '/w/functions.php').findings.length, 0);
    const run = runText(phpmailer, "<?php\n$m = new PHPMailer();\n$m->isMail();\n$m->Host = 'relay.contoso.com';\n", '/w/x.php');
    assert.equal(run.findings[0].inactiveReason, 'unused');
    const noAuth = runText(phpmailer, "<?php\n$m = new PHPMailer();\n$m->isSMTP();\n$m->Host = '10.0.0.5';\n$m->SMTPAutoTLS = false;\n$m->Username = 'x';\n", '/w/y.php').findings[0];
    assert.equal(noAuth.security, 'none');
    assert.deepEqual(noAuth.auth, { method: 'none', username: null, secret: 'absent' });
    assert.equal(noAuth.port, 25);
  });

  it("reads a Host rewritten from itself (Cacti's `$mail->Host = $secure . '://' . $mail->Host`) as the same mailer, not a second", () => {
    const run = runText(phpmailer, [
      '<?php', '$mail = new PHPMailer();', 'if ($how == 2) {', '  $mail->isSMTP();', "  $mail->Host = read_config_option('settings_smtp_host');",
      "  $mail->Port = read_config_option('settings_smtp_port');", '  $mail->SMTPAuth = true;', "  $mail->Username = read_config_option('settings_smtp_username');",
      "  $secure = read_config_option('settings_smtp_secure');", "  if (substr_count($mail->Host, ':') == 0) {", "    $mail->Host = $secure . '://' . $mail->Host;", '  }', '}', '',
    ].join('\n'), '/usr/share/cacti/site/lib/functions.php');
    assert.equal(run.findings.length, 1);
    assert.equal(run.findings[0].line, 5);
    assert.equal(run.findings[0].inactiveReason, 'unresolved');
    assert.doesNotMatch(run.findings[0].notes?.join('\n') ?? '', /isSMTP\(\) not seen|SMTPAuth is not enabled/);
  });

  it('keeps a password that shares the Host line out of the evidence', () => {
    // MAILPW is no password-shaped name, so only scrubbing by value keeps the canary out.
    const run = runText(phpmailer, "<?php define('MAILPW', 'R365CANARY-oneline'); $m = new PHPMailer(); $m->isSMTP(); $m->Host = 'smtp.office365.com'; $m->SMTPAuth = true; $m->Password = MAILPW;\n", '/w/one.php');
    const f = run.findings[0];
    assert.equal(f.host, 'smtp.office365.com');
    assert.equal(f.auth.secret, 'present');
    assert.match(f.evidence, /^\$m->Host\s*=\s*'smtp\.office365\.com';$/);
    assertNoCanary(run);
  });

  it('survives a truncated file', () => {
    const run = runFixtures(phpmailer, import.meta.url, 'broken/cut.php');
    assert.equal(run.findings.length, 1);
    const f = run.findings[0];
    assert.equal(f.line, 4);
    assert.equal(f.host, null, 'an unterminated string is not a host');
    assert.equal(f.active, false);
    assert.equal(f.inactiveReason, 'unresolved');
    assertNoCanary(run);
  });

  it('reads PHP values', () => {
    const rows: [string, unknown][] = [
      ["'smtp.office365.com'", { kind: 'literal', value: 'smtp.office365.com', text: 'smtp.office365.com' }],
      ['"it\\"s"', { kind: 'literal', value: 'it"s', text: 'it\\"s' }],
      ['"smtp.$domain"', { kind: 'expr', text: '"smtp.$domain"' }],
      ['587', { kind: 'literal', value: '587', text: '587' }],
      ['TRUE', { kind: 'bool', value: true }],
      ["getenv('SMTP_HOST')", { kind: 'env', name: 'SMTP_HOST', fallback: null }],
      ["$_ENV['MAIL_HOST'] ?? 'localhost'", { kind: 'env', name: 'MAIL_HOST', fallback: 'localhost' }],
      ["env('MAIL_PORT', 587)", { kind: 'env', name: 'MAIL_PORT', fallback: '587' }],
      ['PHPMailer::ENCRYPTION_SMTPS', { kind: 'const', name: 'PHPMailer::ENCRYPTION_SMTPS' }],
      ['\\PHPMailer\\PHPMailer\\PHPMailer::ENCRYPTION_STARTTLS', { kind: 'const', name: 'PHPMailer\\PHPMailer\\PHPMailer::ENCRYPTION_STARTTLS' }],
      ['$smtpHost', { kind: 'var', name: '$smtpHost' }],
      ["$config['smtp']['host']", { kind: 'expr', text: "$config['smtp']['host']" }],
    ];
    for (const [input, expected] of rows) assert.deepEqual(phpValue(input), expected, input);
  });

  it('splits comments from code without breaking strings', () => {
    const lines = phpLines("$a = 'http://x'; // note\n/* start\n$m->Host = 'y'; */ $b = \"#not\"; # tail\n");
    const squeeze = (t: string) => t.trim().replace(/\s+/g, ' ');
    assert.deepEqual(lines.map((l) => [squeeze(l.code), squeeze(l.comment)]), [
      ["$a = 'http://x';", 'note'], ['', 'start'], ['$b = "#not";', "$m->Host = 'y'; tail"], ['', ''],
    ]);
  });

  it('survives hostile input', () => {
    const hostile = [
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
      '<?php $mail->Host = \'' + 'x;'.repeat(500_000) + "';",
      '<?php $mail->Host = ' + '('.repeat(20_000) + "'a'" + ')'.repeat(20_000) + ';',
      '<?php ' + '$mail->Host = "a"; '.repeat(50_000),
      '<?php /*' + ' $m->Host = "b";'.repeat(10_000),
      "<?php define('" + 'A'.repeat(1_000_000) + "', 1); $m->isSMTP();",
      '<?php $m->Host = "' + '\\'.repeat(1_000_000),
    ];
    for (const text of hostile) assert.doesNotThrow(() => runText(phpmailer, text, '/var/www/x.php'));
  });
});
