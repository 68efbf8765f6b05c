// IIS 6 SMTP service (also the "SMTP Server" feature of later Windows): MetaBase.xml and its History/ copies.
// A tolerant attribute scan of the <IIsSmtpService>, <IIsSmtpServer> and <IIsSmtpDomain> elements only: metabases
// run to megabytes of web-site settings and are often cut short, so no full XML parse.
import type { AuthMethod, Finding } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext } from '../../detector.js';
import { decodeXmlEntities, isSecretPlaceholder, lineIndex, parsePort } from '../../values.js';

const detector = { id: 'iis-metabase', system: 'IIS SMTP' };

// RouteAction bits (IIS SMTP connector flags; Microsoft documents the property but not the bits in Learn).
const SMTP_SMARTHOST = 0x2;
const SMTP_SSL = 0x4;
const SMTP_AUTH_NTLM = 0x80;
const SMTP_AUTH_CLEARTEXT = 0x100;

const MAX_ELEMENT = 256 * 1024;
const MAX_ELEMENTS = 5000;

interface Attr { name: string; value: string; line: number }
interface SmtpElement { kind: 'service' | 'server' | 'domain'; line: number; attrs: Map<string, Attr>; commented: boolean }

/** Every IIsSmtp* element with its attributes; `truncated` when the file ends inside one. */
export function smtpElements(content: string): { elements: SmtpElement[]; truncatedAt: number | null } {
  const lineOf = lineIndex(content);
  const elements: SmtpElement[] = [];
  let truncatedAt: number | null = null;
  const inComment = commentTest(content);
  for (const m of content.matchAll(/<IIsSmtp(Service|Server|Domain)\b/gi)) {
    // A real metabase has a few virtual servers and remote domains, not tens of thousands.
    if (elements.length >= MAX_ELEMENTS) break;
    const start = m.index!;
    const commented = inComment(start);
    const attrs = new Map<string, Attr>();
    const end = Math.min(content.length, start + MAX_ELEMENT);
    const name = /[A-Za-z_][\w:.-]*/y;
    const equals = /\s*=\s*/y;
    let i = start + m[0].length;
    let closed = false;
    while (i < end) {
      const c = content[i];
      if (c === '>' || c === '<') { closed = c === '>'; break; }
      name.lastIndex = i;
      const attr = name.exec(content);
      if (!attr) { i++; continue; }
      // Consume the whole word before looking for '=': no backtracking over long runs of name characters.
      equals.lastIndex = name.lastIndex;
      if (!equals.exec(content)) { i = name.lastIndex; continue; }
      i = equals.lastIndex;
      const quote = content[i];
      if (quote !== '"' && quote !== "'") continue;
      const close = content.indexOf(quote, i + 1);
      if (close === -1 || close >= end) break;
      attrs.set(attr[0].toLowerCase(), { name: attr[0], value: decodeXmlEntities(content.slice(i + 1, close)), line: lineOf(attr.index) });
      i = close + 1;
    }
    if (!closed && truncatedAt === null) truncatedAt = lineOf(start);
    elements.push({ kind: m[1].toLowerCase() as SmtpElement['kind'], line: lineOf(start), attrs, commented });
  }
  return { elements, truncatedAt };
}

/** Whether an offset sits inside `<!-- -->`; offsets must be asked in increasing order (one pass over the file). */
function commentTest(content: string): (offset: number) => boolean {
  let open = content.indexOf('<!--');
  let close = open === -1 ? -1 : content.indexOf('-->', open + 4);
  return (offset) => {
    while (open !== -1 && close !== -1 && close < offset) {
      open = content.indexOf('<!--', close + 3);
      close = open === -1 ? -1 : content.indexOf('-->', open + 4);
    }
    return open !== -1 && open < offset && (close === -1 || close > offset);
  };
}

function flags(value: string | undefined): number {
  if (!value) return 0;
  const n = /^0x[0-9a-f]+$/i.test(value.trim()) ? Number.parseInt(value.trim(), 16) : Number.parseInt(value.trim(), 10);
  return Number.isFinite(n) ? n : 0;
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const { elements, truncatedAt } = smtpElements(content);
  if (truncatedAt !== null) ctx.warn('truncated', 'MetaBase ends inside an IIsSmtp element; read the attributes that were there', truncatedAt);
  if (!elements.length) return null;
  const history = /[\\/]history[\\/]metabase_[^\\/]*$/i.test(path);
  const service = elements.find((e) => e.kind === 'service' && !e.commented);
  const servers = elements.filter((e) => e.kind === 'server');
  const findings: Finding[] = [];
  for (const element of elements) {
    if (element.kind === 'service') continue;
    const location = element.attrs.get('location')?.value ?? '';
    const server = element.kind === 'domain' ? servers.find((s) => location.toLowerCase().startsWith(`${(s.attrs.get('location')?.value ?? '').toLowerCase()}/`)) : undefined;
    // Properties are inherited: domain ← its virtual server ← the service.
    const get = (key: string) => element.attrs.get(key) ?? server?.attrs.get(key) ?? service?.attrs.get(key);
    const finding = element.kind === 'server' ? serverFinding(element, get, ctx, history) : domainFinding(element, location, get, ctx, history);
    if (finding) findings.push(finding);
  }
  return findings.length ? findings : null;
}

type Get = (key: string) => Attr | undefined;

function serverFinding(element: SmtpElement, get: Get, ctx: ExtractContext, history: boolean): Finding | null {
  const smartHost = element.attrs.get('smarthost') ?? get('smarthost');
  if (!smartHost?.value.trim()) return null;
  const type = get('smarthosttype')?.value.trim();
  const notes: string[] = [];
  if (type === '1') notes.push('SmartHostType=1: direct delivery through DNS is tried first, the smart host only when it fails');
  if (type === undefined) notes.push('SmartHostType not set');
  return build(element, smartHost, get, ctx, history, type === '0' ? 'unused' : undefined, notes);
}

function domainFinding(element: SmtpElement, location: string, get: Get, ctx: ExtractContext, history: boolean): Finding | null {
  const target = element.attrs.get('routeactionstring');
  if (!target?.value.trim() || !(flags(element.attrs.get('routeaction')?.value) & SMTP_SMARTHOST)) return null;
  const domain = location.slice(location.lastIndexOf('/') + 1);
  return build(element, target, get, ctx, history, undefined, [`remote domain ${domain} forwards to this smart host`]);
}

function build(element: SmtpElement, hostAttr: Attr, get: Get, ctx: ExtractContext, history: boolean, unused: string | undefined, notes: string[]): Finding {
  const routeAction = flags(get('routeaction')?.value);
  const portAttr = get('remotesmtpport');
  const port = parsePort(portAttr?.value) ?? 25;
  const tls = /^true$/i.test(get('alwaysusessl')?.value ?? '') || Boolean(routeAction & SMTP_SSL);
  if (tls) notes.push('outbound TLS: IIS SMTP uses STARTTLS and requires it');
  if (port === 465) notes.push('port 465: IIS SMTP cannot do implicit TLS');
  // A remote domain's RouteAction carries its own outbound security: the server's credentials do not apply to it.
  const own: Get = element.kind === 'domain' ? (key) => element.attrs.get(key) : get;
  const user = own('routeusername');
  const password = own('routepassword');
  if (password?.value && !isSecretPlaceholder(password.value)) ctx.secret(password.value);
  if (password?.value && /^[0-9a-f]{32,}$/i.test(password.value)) notes.push('RoutePassword is stored encrypted by IIS (machine key)');
  let method: AuthMethod = 'none';
  if (routeAction & SMTP_AUTH_CLEARTEXT) method = 'password';
  else if (routeAction & SMTP_AUTH_NTLM) method = 'ntlm';
  else if (user?.value) { method = 'unknown'; notes.push('RouteUserName is set but RouteAction has no authentication bit'); }
  const comment = get('servercomment')?.value;
  if (comment) notes.push(`virtual server "${comment}"`);
  const masquerade = get('masqueradedomain')?.value;
  if (masquerade) notes.push(`MasqueradeDomain ${masquerade}: sender domain rewritten`);
  const location = element.attrs.get('location')?.value ?? '';
  const shown = ['smarthost', 'smarthosttype', 'remotesmtpport', 'routeaction', 'routeactionstring', 'alwaysusessl', 'routeusername'];
  const evidence = `<${element.kind === 'server' ? 'IIsSmtpServer' : 'IIsSmtpDomain'} Location="${location}" ${shown.map((k) => element.attrs.get(k)).filter((a): a is Attr => a !== undefined).map((a) => `${a.name}="${a.value}"`).join(' ')}>`;
  const inactiveReason = element.commented ? 'commented' : history ? 'history' : unused;
  if (history) notes.push('metabase history copy: a past configuration');
  return createFinding(detector, ctx, {
    line: hostAttr.line,
    key: location,
    host: hostAttr.value.trim(),
    port,
    security: tls ? 'starttls' : 'none',
    auth: { method, username: user?.value || null, secret: password?.value ? 'present' : 'absent' },
    secretRef: password?.value ? `file:${ctx.path}:${password.line}` : undefined,
    active: !inactiveReason,
    inactiveReason,
    evidence,
    locations: { host: at(hostAttr.line, hostAttr.value), port: portAttr ? at(portAttr.line, portAttr.value) : undefined, username: user ? at(user.line, user.value) : undefined },
    notes,
    role: 'relay',
  });
}
