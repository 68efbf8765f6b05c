// DavMail (davmail.properties, a java.util.Properties file; davmail.Settings, smtp.SmtpConnection): a gateway that
// listens for SMTP (and IMAP, POP, CalDAV, LDAP) and sends every message on through Exchange: EWS at davmail.url, or
// Microsoft Graph with davmail.enableGraph. davmail.smtpPort empty or absent: no SMTP listener. bindAddress empty:
// every interface; allowRemote not true: loopback clients only. Clients must AUTH with their mailbox credentials.
// With davmail.ssl.keystoreFile the listeners speak TLS from the first byte, unless davmail.ssl.nosecuresmtp.
// The O365* modes sign in with OAuth and keep refresh tokens in davmail.oauth.<user>.refreshToken or a token file.
import type { AuthMethod, Finding, SecretState, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { liveSettings, locationsOf, parseBool, parsePort, secretState, type Assignment } from '../../values.js';
import { parseProperties } from '../spring/properties.js';

const detector = { id: 'davmail', system: 'DavMail' };

/** proxyPassword, ssl.keystorePass, ssl.keyPass, ssl.clientKeystorePass, ssl.truststorePass and stored OAuth tokens. */
const SECRET_KEY = /(password|pass|\.refreshtoken|\.accesstoken)$/i;
/** The JDK's documented trust store password, shown in DavMail's own template: documentation, not a secret. */
const JDK_STOREPASS = 'changeit';
const TOKEN_KEY = /^davmail\.oauth\.(.+)\.refreshtoken$/i;
const OAUTH_MODES = new Set(['o365modern', 'o365interactive', 'o365manual', 'o365devicecode']);
/** Modes that log in with the client's own password (Basic, NTLM or the OWA form). */
const PASSWORD_MODES = new Set(['ews', 'o365', 'webdav', 'auto']);
/** DavMail's template: "not available in headless mode". */
const NEEDS_A_SCREEN = new Set(['o365interactive', 'o365manual']);
const EXCHANGE_ONLINE = /^(outlook\.office365\.com|outlook\.office\.com|outlook\.office365\.us|partner\.outlook\.cn)$/i;

type Settings = Map<string, Assignment>;

function flag(settings: Settings, key: string): boolean | null {
  return parseBool(settings.get(key)?.value);
}

/** Where the gateway sends mail on to, and what a human should know about that leg. */
function upstream(settings: Settings): { online: boolean; notes: string[] } {
  const url = settings.get('davmail.url')?.value ?? '';
  const host = /^https?:\/\/([^/:?#\s]+)/i.exec(url)?.[1] ?? '';
  const online = EXCHANGE_ONLINE.test(host);
  const writtenMode = settings.get('davmail.mode')?.value ?? '';
  const mode = writtenMode.toLowerCase();
  const api = flag(settings, 'davmail.enableGraph') ? 'Microsoft Graph' : mode === 'webdav' ? 'WebDAV' : 'EWS';
  const where = online ? `Exchange Online (${host})` : host ? `Exchange at ${host.slice(0, 80)}` : 'Exchange (no davmail.url)';
  const notes = [`DavMail gateway: apps send to it over SMTP, it passes each message on to ${where} over ${api}${online ? ', a Microsoft 365 dependency behind this gateway' : ''}`];
  if (!mode) notes.push('no davmail.mode: which mode DavMail falls back to depends on its version');
  else if (OAUTH_MODES.has(mode)) notes.push(`davmail.mode = ${writtenMode}: OAuth 2.0 sign-in to Microsoft 365`);
  else if (PASSWORD_MODES.has(mode) && online) notes.push(`davmail.mode = ${writtenMode}: DavMail signs in to Exchange Online with each client's password (Basic auth), which Microsoft switched off for EWS in October 2022: use O365Modern, O365Interactive or O365Manual`);
  else if (!PASSWORD_MODES.has(mode)) notes.push(`davmail.mode = ${writtenMode.slice(0, 40)} is not a mode DavMail knows`);
  if (NEEDS_A_SCREEN.has(mode) && flag(settings, 'davmail.server')) notes.push(`${writtenMode} needs a browser window or dialog, which server mode (davmail.server = true) does not have`);
  // the facts file dates no EWS retirement: the note says only what relay365 can back
  if (online && api === 'EWS') notes.push('mail leaves through EWS, an API outside the paths relay365 plans and verifies (SMTP AUTH with OAuth, Graph sendMail, Direct Send, connector relay): move the clients behind DavMail to one of them (DavMail\'s own Graph mode, davmail.enableGraph = true, is experimental)');
  return { online, notes };
}

/** How DavMail signs in upstream, and where the stored OAuth refresh tokens are. */
function upstreamAuth(settings: Settings, path: string): { method: AuthMethod; username: string | null; secret: SecretState; secretRef?: string; notes: string[] } {
  const mode = settings.get('davmail.mode')?.value.toLowerCase() ?? '';
  if (settings.get('davmail.authenticator')?.value) return { method: 'unknown', username: null, secret: 'absent', notes: ['davmail.authenticator: a custom sign-in class decides how DavMail logs in'] };
  if (!OAUTH_MODES.has(mode)) return { method: PASSWORD_MODES.has(mode) ? 'password' : 'unknown', username: null, secret: 'absent', notes: [] };
  const tokens = [...settings.values()].filter((a) => TOKEN_KEY.test(a.key) && a.value);
  const users = [...new Set(tokens.map((a) => TOKEN_KEY.exec(a.key)![1]))];
  const notes = users.length ? [`stored OAuth refresh tokens for ${users.slice(0, 8).join(', ')} (encrypted with each user's password)`] : [];
  const username = users.length === 1 ? users[0] : null;
  if (tokens.length) return { method: 'oauth2', username, secret: 'present', secretRef: `inline:${path}:${tokens[0].line}`, notes };
  const file = settings.get('davmail.oauth.tokenFilePath')?.value;
  if (file) return { method: 'oauth2', username, secret: 'external', secretRef: `file:${file}`, notes: [`refresh tokens are kept in ${file.slice(0, 120)}`] };
  return { method: 'oauth2', username, secret: 'absent', notes };
}

function listener(settings: Settings, port: number | null): { host: string; security: Security; notes: string[] } {
  const bind = settings.get('davmail.bindAddress')?.value;
  const notes = ['apps must log in (AUTH LOGIN or PLAIN) with their mailbox credentials: DavMail takes no mail without them'];
  if (flag(settings, 'davmail.allowRemote') !== true) notes.push('davmail.allowRemote is not true: only clients on this machine are served');
  else if (!bind) notes.push(`davmail.allowRemote = true and no bindAddress: other machines can send through port ${port ?? '(none)'} too`);
  const tls = Boolean(settings.get('davmail.ssl.keystoreFile')?.value) && flag(settings, 'davmail.ssl.nosecuresmtp') !== true;
  notes.push(tls ? 'davmail.ssl.keystoreFile is set: the SMTP listener speaks TLS from the first byte (implicit, like 465), not STARTTLS' : 'no TLS on the SMTP listener (no davmail.ssl.keystoreFile, or nosecuresmtp): the clients\' passwords cross it in clear');
  return { host: bind || 'localhost', security: tls ? 'tls' : 'none', notes };
}

/** The smtpPort line that sets the listener up, or why there is none. */
function portSetting(entries: Assignment[], settings: Settings): { anchor: Assignment; port: number | null; off?: string; note?: string } | null {
  const written = settings.get('davmail.smtpPort');
  if (written) {
    const port = parsePort(written.value);
    return port ? { anchor: written, port } : { anchor: written, port: null, off: 'disabled', note: `davmail.smtpPort = ${written.value.slice(0, 20)}: DavMail opens no SMTP listener` };
  }
  const old = entries.filter((a) => a.commented && a.key === 'davmail.smtpPort' && parsePort(a.value)).at(-1);
  if (old) return { anchor: old, port: parsePort(old.value), off: 'commented' };
  const anchor = settings.get('davmail.url') ?? settings.get('davmail.mode');
  return anchor ? { anchor, port: null, off: 'disabled', note: 'no davmail.smtpPort: DavMail opens no SMTP listener' } : null;
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const entries = parseProperties(content);
  for (const a of entries) if (SECRET_KEY.test(a.key) && a.value !== JDK_STOREPASS) secretState(a.value, (v) => ctx.secret(v));
  const settings = liveSettings(entries);
  const smtp = portSetting(entries, settings);
  if (!smtp) return null;
  const gateway = listener(settings, smtp.port);
  const { notes: upstreamNotes } = upstream(settings);
  const { notes: authNotes, secretRef, ...auth } = upstreamAuth(settings, path);
  const url = settings.get('davmail.url');
  const safeText = (a: Assignment) => (SECRET_KEY.test(a.key) ? `${a.key}=***` : a.text);
  const draft: FindingDraft = {
    line: smtp.anchor.line,
    key: 'smtp',
    host: gateway.host,
    port: smtp.port,
    security: gateway.security,
    auth,
    ...(secretRef ? { secretRef } : {}),
    from: null,
    ...(smtp.off ? { active: false, inactiveReason: smtp.off } : {}),
    // a continued url's first line ends in `\`: the joined value says more
    evidence: [safeText(smtp.anchor), ...(url && url !== smtp.anchor ? [`${url.key}=${url.value.slice(0, 200)}`] : [])].join('; '),
    locations: locationsOf({ host: settings.get('davmail.bindAddress') || null, port: smtp.off ? null : smtp.anchor }),
    notes: [...(smtp.note ? [smtp.note] : []), ...upstreamNotes, ...gateway.notes, ...authNotes],
    role: 'relay',
  };
  return [createFinding(detector, { path, exampleFile: ctx.exampleFile }, draft)];
}
