// WordPress: WP Mail SMTP constants in wp-config.php (active only with WPMS_ON true), the tutorial SMTP_* constants,
// and phpmailer_init hooks in themes, mu-plugins and plugins. WP Mail SMTP hands its settings to PHPMailer, so
// WPMS_SSL means what SMTPSecure means ('ssl' implicit TLS, 'tls' STARTTLS): one finding builder serves both.
import type { Finding } from '../../../inventory/types.js';
import { createFinding, type ExtractContext } from '../../detector.js';
import { accountFindings, sourceOf } from '../phpmailer/finding.js';
import { mailerAccounts, mailerSettings, registerPasswords, type MailerSetting, type Prop } from '../phpmailer/mailer.js';
import { phpDefinitions, phpLines, type Definition } from '../phpmailer/php.js';
import { isSecretPlaceholder } from '../../values.js';

const detector = { id: 'wordpress', system: 'WordPress' };

// SMTP plugins' own code reads its settings from the database: library code, not a site's configuration.
const PLUGIN_CODE = /[\\/](wp-includes|wp-admin|wp-content[\\/]plugins[\\/](wp-mail-smtp|easy-wp-smtp|post-smtp|fluent-smtp|wp-smtp|smtp-mailer|gmail-smtp|wp-mail-bank|mail-bank))[\\/]/i;

interface Scheme { system: string; receiver: string; props: [Prop, string][] }

const WPMS: Scheme = {
  system: 'WP Mail SMTP', receiver: 'WPMS',
  props: [['Host', 'WPMS_SMTP_HOST'], ['Port', 'WPMS_SMTP_PORT'], ['SMTPSecure', 'WPMS_SSL'], ['SMTPSecure', 'WPMS_SMTP_ENCRYPTION'], ['SMTPAuth', 'WPMS_SMTP_AUTH'],
    ['Username', 'WPMS_SMTP_USER'], ['Password', 'WPMS_SMTP_PASS'], ['From', 'WPMS_MAIL_FROM'], ['SMTPAutoTLS', 'WPMS_SMTP_AUTOTLS']],
};
const TUTORIAL: Scheme = {
  system: 'WordPress SMTP_* constants', receiver: 'SMTP',
  props: [['Host', 'SMTP_HOST'], ['Port', 'SMTP_PORT'], ['SMTPSecure', 'SMTP_SECURE'], ['SMTPAuth', 'SMTP_AUTH'], ['Username', 'SMTP_USER'], ['Username', 'SMTP_USERNAME'],
    ['Password', 'SMTP_PASS'], ['Password', 'SMTP_PASSWORD'], ['From', 'SMTP_FROM']],
};

// WP Mail SMTP mailers that are HTTPS APIs, not SMTP (WPMS_MAILER values other than 'smtp' and 'mail').
const API_MAILERS = new Set(['gmail', 'outlook', 'sendgrid', 'mailgun', 'sendinblue', 'brevo', 'amazonses', 'postmark', 'sparkpost', 'smtpcom', 'zoho', 'sendlayer', 'elasticemail', 'mailjet', 'smtp2go', 'resend', 'mailersend', 'mandrill', 'pepipost']);

type Constants = Map<string, Definition[]>;

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  if (PLUGIN_CODE.test(path)) return null;
  const sample = /wp-config-sample\.php$/i.test(path) ? 'example-file' : undefined;
  const { constants } = phpDefinitions(phpLines(content));
  registerConstantSecrets(constants, ctx);
  const findings: Finding[] = [];
  const on = constants.get('WPMS_ON')?.filter((d) => !d.commented).at(-1);
  const enabled = on?.value.kind === 'bool' && on.value.value;
  const mailer = constants.get('WPMS_MAILER')?.filter((d) => !d.commented).at(-1);
  const mailerName = mailer?.value.kind === 'literal' ? mailer.value.value.toLowerCase() : null;
  const wpmsNotes = enabled ? [] : ['WPMS_ON is not true: WP Mail SMTP ignores these constants'];
  if (!mailer) wpmsNotes.push('WPMS_MAILER not set: the mailer chosen in the plugin settings applies');
  if (mailer && mailerName !== 'smtp') findings.push(apiMailerFinding(mailer, mailerName, ctx, sample ?? (enabled ? undefined : 'disabled')));
  else findings.push(...schemeFindings(WPMS, constants, ctx, sample ?? (enabled ? undefined : 'disabled'), wpmsNotes));
  findings.push(...schemeFindings(TUTORIAL, constants, ctx, sample, ['constants read by a phpmailer_init hook (functions.php or a plugin)']));
  if (content.includes('phpmailer_init')) {
    const { settings } = mailerSettings(content);
    registerPasswords(settings, ctx);
    for (const account of mailerAccounts(settings)) {
      findings.push(...accountFindings(account, ctx, { detector, role: 'app', system: 'WordPress phpmailer_init', inactiveReason: sample }));
    }
  }
  return findings.length ? findings : null;
}

/** wp-config.php also holds DB_PASSWORD and the auth salts: scrub them too, even though they are not mail settings. */
function registerConstantSecrets(constants: Constants, ctx: ExtractContext): void {
  for (const [name, defs] of constants) {
    if (!/PASS|SECRET|_KEY$|SALT|TOKEN/i.test(name)) continue;
    for (const d of defs) if (d.value.kind === 'literal' && d.value.value && !isSecretPlaceholder(d.value.value)) ctx.secret(d.value.value);
  }
}

/** Constants as PHPMailer settings, so the PHPMailer finding builder reads them with the same TLS and auth rules. */
function schemeFindings(scheme: Scheme, constants: Constants, ctx: ExtractContext, inactiveReason: string | undefined, notes: string[]): Finding[] {
  const settings: MailerSetting[] = [];
  for (const [prop, name] of scheme.props) {
    for (const d of constants.get(name) ?? []) settings.push({ receiver: scheme.receiver, prop, value: d.value, via: null, line: d.line, text: d.text, commented: d.commented });
  }
  const hosts = settings.filter((s) => s.prop === 'Host');
  if (!hosts.length) return [];
  // The plugin (or the hook) always sends over SMTP: no isSMTP() call to look for.
  for (const host of hosts) settings.push({ ...host, prop: 'isSMTP' });
  return mailerAccounts(settings).flatMap((account) => accountFindings(account, ctx, { detector, role: 'app', system: scheme.system, inactiveReason, notes }));
}

function apiMailerFinding(mailer: Definition, name: string | null, ctx: ExtractContext, inactiveReason: string | undefined): Finding {
  const source = sourceOf(mailer.value);
  // 'outlook' is Microsoft Graph (already the Graph target), not a third-party API.
  const kind = name === 'mail' ? 'local' : name && name !== 'outlook' && API_MAILERS.has(name) ? 'other-public' : 'unknown';
  const note = name === 'mail' ? "WPMS_MAILER 'mail': PHP mail(), which hands messages to the local MTA (sendmail_path)"
    : name === 'outlook' ? "WPMS_MAILER 'outlook': Microsoft Graph API with OAuth, not SMTP AUTH"
      : `WPMS_MAILER '${name ?? '?'}': an HTTPS API mailer, not SMTP`;
  return createFinding(detector, ctx, {
    line: mailer.line,
    key: 'WPMS_MAILER',
    system: WPMS.system,
    host: null,
    endpointKind: kind,
    security: 'unknown',
    auth: { method: name === 'outlook' || name === 'gmail' || name === 'zoho' ? 'oauth2' : name === 'mail' ? 'none' : 'unknown', username: null, secret: 'absent' },
    active: !mailer.commented && !inactiveReason,
    inactiveReason: mailer.commented ? 'commented' : inactiveReason,
    valueSources: source ? { mailer: source } : undefined,
    evidence: mailer.text,
    notes: [note],
    role: 'app',
  });
}
