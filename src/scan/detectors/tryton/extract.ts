// Tryton server, trytond.conf (configparser, no interpolation): [email] uri is an SMTP URL, smtp://localhost:25 when
// unset. Tryton's own rules (trytond/sendmail.py): a scheme starting with `smtps` is implicit TLS (port 465 by
// default), one containing `tls` (smtp+tls) is STARTTLS, anything else plain SMTP; it logs in only when the URL holds
// both a user and a password, each percent-decoded with unquote_plus. [email] from is the RFC 822 sender.
import type { Finding, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, emailIn, iniEntries, isSecretPlaceholder, liveSettings, locationsOf, parseSmtpUrl, type Assignment } from '../../values.js';

const detector = { id: 'tryton', system: 'Tryton' };

const DEFAULT_URI = 'smtp://localhost:25';

type Settings = Map<string, Assignment>;

/** The user and password of a URL as written (still percent-encoded), read even from a value too broken to parse. */
function rawUserinfo(uri: string): { user: string; password: string | null } | null {
  const m = /:\/\/([^:@/\s]*)(?::([^@/\s]*))?@/.exec(uri);
  return m ? { user: m[1], password: m[2] || null } : null;
}

/** Python's unquote_plus: `+` is a space, then %XX escapes. */
function unquotePlus(value: string): string {
  const spaced = value.replace(/\+/g, ' ');
  try { return decodeURIComponent(spaced); } catch { return spaced; }
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const email = iniEntries(content, { continuation: 'indent', inlineComments: false })
    .filter((e) => e.section === 'email' && e.subsection === null)
    .map((e) => ({ ...e, key: e.key.toLowerCase() }));
  // Passwords are scrubbed as written and as decoded: evidence shows the encoded form.
  for (const e of email.filter((x) => x.key === 'uri')) {
    const password = rawUserinfo(e.value)?.password;
    if (password && !isSecretPlaceholder(unquotePlus(password))) { ctx.secret(password); ctx.secret(unquotePlus(password)); }
  }
  const findings: Finding[] = [];
  const live = liveSettings(email);
  const uri = live.get('uri');
  if (uri?.value) {
    const finding = build(live, false, ctx);
    if (finding) findings.push(finding);
  }
  for (const block of commentedBlocks(email, (k) => k === 'uri')) {
    const finding = build(block, true, ctx, uri?.value ? undefined : `no live uri: Tryton's default is ${DEFAULT_URI}`);
    if (finding) findings.push(finding);
  }
  return findings.length ? findings : null;
}

function build(settings: Settings, commented: boolean, ctx: ExtractContext, extraNote?: string): Finding | null {
  const uri = settings.get('uri')!;
  const url = parseSmtpUrl(uri.value);
  if (!url) {
    if (!commented) ctx.warn('parse-error', 'trytond.conf [email] uri is not an SMTP URL', uri.line);
    return null;
  }
  const notes = extraNote ? [extraNote] : [];
  const security: Security = url.scheme.startsWith('smtps') ? 'tls' : url.scheme.includes('tls') ? 'starttls' : 'none';
  if (security === 'none') notes.push(`${url.scheme}:// sends without TLS (smtp+tls:// is STARTTLS, smtps:// implicit TLS)`);
  const userinfo = rawUserinfo(uri.value);
  const username = userinfo?.user ? unquotePlus(userinfo.user) : null;
  const password = userinfo?.password ? unquotePlus(userinfo.password) : null;
  const secret = password && !isSecretPlaceholder(password) ? 'present' : 'absent';
  if (username && !password) notes.push('a user without a password in the uri: Tryton does not log in');
  const from = settings.get('from');
  const fromAddress = emailIn(from?.value);
  const draft: FindingDraft = {
    line: uri.line,
    key: commented ? `commented:${uri.line}` : 'email',
    host: url.host,
    port: url.port ?? (security === 'tls' ? 465 : 25),
    security,
    auth: { method: username && password ? 'password' : 'none', username, secret },
    from: fromAddress,
    evidence: uri.text,
    locations: locationsOf({
      host: { line: uri.line, value: url.host },
      port: url.port ? { line: uri.line, value: url.port } : null,
      // Where the name is written encoded, a patch cannot find it as decoded text.
      username: username && userinfo?.user === username ? { line: uri.line, value: username } : null,
      from: fromAddress ? { line: from!.line, value: fromAddress } : null,
    }),
    notes,
    role: 'app',
  };
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  return createFinding(detector, ctx, draft);
}
