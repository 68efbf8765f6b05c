// What each config format's software can do, as data: the planner's rules read these facts, never detector ids.
// Sources: shared/reference/config-formats.md; XOAUTH2 support checked per product (see `note`).

export type SenderKind = 'relay' | 'app' | 'script' | 'device' | 'client' | 'unknown';

/** How the software behind a format can reach SMTP AUTH with OAuth. */
export type OAuthSupport =
  | 'native'   // speaks XOAUTH2 itself, given a token (msmtp, nodemailer, JavaMail, smtplib with code)
  | 'plugin'   // with an add-on (Postfix + sasl-xoauth2)
  | 'switch'   // not itself, but a drop-in replacement does (ssmtp → msmtp)
  | 'none';    // no OAuth at all (System.Net.Mail, Send-MailMessage, Grafana, IIS SMTP)

export interface FormatProfile {
  id: string;
  kind: SenderKind;
  /** The sender is code the customer can change (scripts, in-house apps): Graph sendMail is the cleanest path. */
  code: boolean;
  /** Has a built-in Microsoft Graph mail transport that only needs configuration. */
  graphBuiltIn: boolean;
  oauth: OAuthSupport;
  note: string;
}

const PROFILES: FormatProfile[] = [
  { id: 'postfix', kind: 'relay', code: false, graphBuiltIn: false, oauth: 'plugin', note: 'Postfix speaks XOAUTH2 through the sasl-xoauth2 Cyrus SASL plugin (not in Debian; PPA/Copr or source)' },
  { id: 'sendmail', kind: 'relay', code: false, graphBuiltIn: false, oauth: 'none', note: 'Sendmail has no supported XOAUTH2 client (sasl-xoauth2 is only tested with Postfix)' },
  { id: 'exim4', kind: 'relay', code: false, graphBuiltIn: false, oauth: 'none', note: 'Exim can send XOAUTH2 only with a hand-written authenticator and an external token broker' },
  { id: 'iis-metabase', kind: 'relay', code: false, graphBuiltIn: false, oauth: 'none', note: 'The IIS 6 SMTP service has no OAuth and is deprecated' },
  { id: 'ssmtp', kind: 'script', code: false, graphBuiltIn: false, oauth: 'switch', note: 'ssmtp has no OAuth and is unmaintained; msmtp is a drop-in sendmail replacement that speaks XOAUTH2' },
  { id: 'msmtp', kind: 'script', code: false, graphBuiltIn: false, oauth: 'native', note: 'msmtp supports `auth xoauth2` with `passwordeval` printing a token' },
  { id: 'php-ini', kind: 'app', code: false, graphBuiltIn: false, oauth: 'none', note: 'PHP mail() cannot authenticate at all' },
  { id: 'phpmailer', kind: 'app', code: true, graphBuiltIn: false, oauth: 'native', note: 'PHPMailer supports XOAUTH2 with an OAuth provider package' },
  { id: 'wordpress', kind: 'app', code: true, graphBuiltIn: false, oauth: 'native', note: 'WordPress mail plugins: use one that sends through Microsoft Graph or XOAUTH2' },
  { id: 'dotnet-config', kind: 'app', code: true, graphBuiltIn: false, oauth: 'none', note: 'System.Net.Mail.SmtpClient has no XOAUTH2 (MailKit has)' },
  { id: 'dotnet-appsettings', kind: 'app', code: true, graphBuiltIn: false, oauth: 'none', note: 'System.Net.Mail.SmtpClient has no XOAUTH2 (MailKit has)' },
  { id: 'powershell', kind: 'script', code: true, graphBuiltIn: false, oauth: 'none', note: 'Send-MailMessage is obsolete and has no OAuth' },
  { id: 'windows-live-mail', kind: 'client', code: false, graphBuiltIn: false, oauth: 'none', note: 'Windows Live Mail is discontinued and has no OAuth for SMTP' },
  { id: 'grafana', kind: 'app', code: false, graphBuiltIn: false, oauth: 'none', note: 'Grafana SMTP has no OAuth (grafana/alerting issue #365 open)' },
  { id: 'gitlab', kind: 'app', code: false, graphBuiltIn: true, oauth: 'none', note: 'GitLab has a built-in Microsoft Graph mailer (gitlab_rails microsoft_graph_mailer_*)' },
  { id: 'dotenv', kind: 'app', code: true, graphBuiltIn: false, oauth: 'native', note: 'Laravel/Symfony Mailer: XOAuth2Authenticator exists, but tokens need code; Graph needs a transport' },
  { id: 'symfony', kind: 'app', code: true, graphBuiltIn: false, oauth: 'native', note: 'Symfony Mailer: XOAuth2Authenticator exists, but tokens need code' },
  { id: 'django', kind: 'app', code: true, graphBuiltIn: false, oauth: 'none', note: "Django's SMTP backend has no XOAUTH2; a small Graph email backend replaces it" },
  { id: 'python-smtplib', kind: 'script', code: true, graphBuiltIn: false, oauth: 'native', note: "smtplib can send AUTH XOAUTH2 with an MSAL token; Graph is simpler" },
  { id: 'spring', kind: 'app', code: true, graphBuiltIn: false, oauth: 'native', note: 'JavaMail supports XOAUTH2 (mail.smtp.auth.mechanisms=XOAUTH2, token as password)' },
  { id: 'nodemailer', kind: 'app', code: true, graphBuiltIn: false, oauth: 'native', note: "nodemailer supports auth type 'OAuth2' with an access token" },
];

const FALLBACK: FormatProfile = { id: 'unknown', kind: 'unknown', code: false, graphBuiltIn: false, oauth: 'none', note: 'unknown software: assume no OAuth until someone checks' };

export function profileOf(format: string | null | undefined): FormatProfile {
  return PROFILES.find((p) => p.id === format) ?? { ...FALLBACK, id: format ?? 'unknown' };
}

/** MTA formats: a finding of these is a relay (it forwards mail for others). */
export function isRelayFormat(format: string | null | undefined): boolean {
  return profileOf(format).kind === 'relay';
}
