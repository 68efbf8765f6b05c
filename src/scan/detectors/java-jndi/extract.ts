// JNDI mail sessions of Java application servers (config-formats.md §3.8): Tomcat `<Resource type="javax.mail.Session"
// mail.smtp.host=…>` (context.xml, server.xml, Catalina/localhost/*.xml), WildFly/JBoss `<mail-session><smtp-server
// outbound-socket-binding-ref=…>` resolved against `<outbound-socket-binding><remote-destination>` in the same file,
// and GlassFish/Payara `<mail-resource>`.
import type { Finding } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, isPlaceholder, isSecretPlaceholder, localName, parseBool, parsePort, xmlTokens, type XmlAttr, type XmlToken } from '../../values.js';
import { expression, readMailSession, type MailProperty } from './javamail.js';

const detector = { id: 'java-jndi', system: 'JNDI mail session' };

interface Binding { host: XmlAttr | null; port: XmlAttr | null }
interface Session { kind: 'wildfly' | 'tomcat' | 'glassfish'; token: XmlToken; name: string; props: Map<string, MailProperty>; server: XmlToken | null; credential: XmlToken | null }

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const { tokens, complete } = xmlTokens(content);
  if (!complete) ctx.warn('truncated', 'the file ends inside a tag or comment; read what was there');
  const bindings = new Map<string, Binding>();
  const sessions: Session[] = [];
  let binding: string | null = null;
  let open: Session | null = null;
  for (const t of tokens) {
    const name = localName(t.name);
    // Comments hold whole Tomcat <Resource> tags; a commented WildFly element must not rewire the live structure.
    if (t.kind === 'text' || (t.commented && !(t.kind === 'open' && name === 'resource'))) continue;
    if (t.kind === 'close') {
      if (name === 'outbound-socket-binding') binding = null;
      if ((name === 'mail-session' || name === 'mail-resource') && open) open = null;
      continue;
    }
    const attr = (n: string) => t.attrs.find((a) => a.name.toLowerCase() === n);
    if (name === 'outbound-socket-binding' && attr('name')) {
      binding = attr('name')!.value;
      if (!t.selfClosing) bindings.set(binding, { host: null, port: null });
    } else if (name === 'remote-destination' && binding) bindings.set(binding, { host: attr('host') ?? null, port: attr('port') ?? null });
    else if (name === 'resource' && isTomcatMail(t)) sessions.push({ kind: 'tomcat', token: t, name: attr('name')?.value ?? '?', props: props(t.attrs), server: null, credential: null });
    else if (name === 'mail-session') {
      open = { kind: 'wildfly', token: t, name: attr('jndi-name')?.value ?? attr('name')?.value ?? '?', props: new Map(), server: null, credential: null };
      sessions.push(open);
    } else if (name === 'mail-resource') {
      open = { kind: 'glassfish', token: t, name: attr('jndi-name')?.value ?? '?', props: new Map(), server: null, credential: null };
      sessions.push(open);
    } else if (open && name === 'smtp-server') open.server = t;
    else if (open && (name === 'credential-reference' || name === 'login')) open.credential = t;
    else if (open?.kind === 'glassfish' && name === 'property' && attr('name')) open.props.set(attr('name')!.value.toLowerCase(), { value: attr('value')?.value ?? '', line: t.line });
  }
  const secrets: string[] = [];
  const findings = sessions.map((s) => (s.kind === 'wildfly' ? wildflyFinding(s, bindings, { path, ctx, secrets }) : javamailFinding(s, { path, ctx, secrets }))).filter((f): f is Finding => f !== null);
  return findings.length ? findings : null;
}

function isTomcatMail(t: XmlToken): boolean {
  const type = t.attrs.find((a) => a.name.toLowerCase() === 'type')?.value ?? '';
  return /\bmail\.Session$/.test(type) || t.attrs.some((a) => /^mail\.(smtps?\.)?host$/i.test(a.name));
}

function props(attrs: XmlAttr[]): Map<string, MailProperty> {
  return new Map(attrs.map((a) => [a.name.toLowerCase(), { value: a.value, line: a.line }]));
}

interface Scope { path: string; ctx: ExtractContext; secrets: string[] }

function secretOf(raw: string | undefined, line: number, scope: Scope): { secret: 'present' | 'absent' | 'external'; ref?: string } {
  if (!raw?.trim()) return { secret: 'absent' };
  const expr = expression(raw);
  if (expr) return { secret: 'external', ref: expr.ref };
  if (isSecretPlaceholder(raw)) return { secret: 'absent' };
  scope.ctx.secret(raw);
  scope.secrets.push(raw);
  return { secret: 'present', ref: `inline:${scope.path}:${line}` };
}

/** A host or port value that may be an expression: the default counts, and the expression says where it lives. */
function setValue(field: 'host' | 'port', raw: string, line: number, draft: FindingDraft): void {
  const expr = expression(raw);
  const value = expr ? expr.fallback : raw;
  if (expr) {
    draft.valueSources![field] = expr.ref;
    if (expr.fallback !== null) draft.valueSources![`${field} default`] = `${expr.fallback} (used when ${expr.ref.replace(/^\w+:/, '')} is not set)`;
    if (field === 'host' && expr.fallback === null) Object.assign(draft, { host: null, active: false, inactiveReason: 'unresolved' });
  } else draft.locations![field] = at(line, raw);
  if (value === null) return;
  if (field === 'host') draft.host = value;
  else draft.port = parsePort(value) ?? draft.port;
}

function javamailFinding(s: Session, scope: Scope): Finding | null {
  const attr = (n: string) => s.token.attrs.find((a) => a.name.toLowerCase() === n);
  // GlassFish keeps host, user and from as attributes of <mail-resource>.
  for (const [a, p] of [['host', 'mail.host'], ['user', 'mail.user'], ['from', 'mail.from']] as const) {
    if (s.kind === 'glassfish' && attr(a)) s.props.set(p, { value: attr(a)!.value, line: attr(a)!.line });
  }
  const session = readMailSession(s.props);
  if (!session.host?.value.trim()) return null;
  const draft: FindingDraft = {
    line: session.host.line, key: s.name, role: 'app', notes: session.notes, valueSources: {}, locations: {}, port: session.port, security: session.security,
    system: s.kind === 'tomcat' ? 'Tomcat JNDI mail session' : 'GlassFish/Payara mail resource',
    evidence: `<${s.token.name} name="${s.name}" ${session.host ? `host=${session.host.value}` : ''}${session.portProperty ? ` port=${session.portProperty.value}` : ''}>`,
  };
  setValue('host', session.host.value, session.host.line, draft);
  if (session.portProperty) setValue('port', session.portProperty.value, session.portProperty.line, draft);
  const passwordProp = s.props.get('password') ?? s.props.get('mail.smtp.password') ?? s.props.get('mail.password');
  const password = secretOf(passwordProp?.value, passwordProp?.line ?? 0, scope);
  const user = session.user?.value && !isPlaceholder(session.user.value) ? session.user.value : null;
  const signIn = session.auth || password.secret !== 'absent';
  draft.auth = { method: signIn ? 'password' : 'none', username: signIn ? user : null, secret: signIn ? password.secret : 'absent' };
  if (password.ref && signIn) draft.secretRef = password.ref;
  if (user && signIn && session.user) draft.locations!.username = at(session.user.line, user);
  if (session.from?.value) { draft.from = emailIn(session.from.value) ?? session.from.value; draft.locations!.from = at(session.from.line, session.from.value); }
  if (s.kind === 'glassfish' && parseBool(attr('enabled')?.value ?? 'true') === false) Object.assign(draft, { active: false, inactiveReason: 'disabled' });
  if (s.token.commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  return createFinding(detector, { path: scope.path, exampleFile: scope.ctx.exampleFile, secrets: scope.secrets }, draft);
}

function wildflyFinding(s: Session, bindings: Map<string, Binding>, scope: Scope): Finding | null {
  const server = s.server;
  if (!server) return null;
  const attr = (t: XmlToken | null, n: string) => t?.attrs.find((a) => a.name.toLowerCase() === n);
  const ref = attr(server, 'outbound-socket-binding-ref')?.value ?? '';
  const binding = bindings.get(ref);
  const notes: string[] = [];
  const draft: FindingDraft = {
    line: binding?.host?.line ?? server.line, key: s.name, role: 'app', notes, valueSources: {}, locations: {}, port: 25, system: 'WildFly/JBoss mail session',
    evidence: `<mail-session jndi-name="${s.name}"><smtp-server outbound-socket-binding-ref="${ref}"> → ${binding?.host ? `<remote-destination host="${binding.host.value}"${binding.port ? ` port="${binding.port.value}"` : ''}>` : 'binding not in this file'}`,
  };
  if (binding?.host) setValue('host', binding.host.value, binding.host.line, draft);
  else Object.assign(draft, { host: null, active: false, inactiveReason: 'unresolved' }), draft.valueSources!.host = `outbound-socket-binding:${ref}`;
  if (binding?.port) setValue('port', binding.port.value, binding.port.line, draft);
  const ssl = parseBool(expression(attr(server, 'ssl')?.value ?? '')?.fallback ?? attr(server, 'ssl')?.value ?? null) === true;
  const tls = parseBool(expression(attr(server, 'tls')?.value ?? '')?.fallback ?? attr(server, 'tls')?.value ?? null) === true;
  // WildFly: ssl = implicit TLS, tls = STARTTLS.
  draft.security = ssl || draft.port === 465 ? 'tls' : tls ? 'starttls' : 'none';
  const cred = s.credential;
  const username = attr(server, 'username')?.value ?? attr(cred, 'name')?.value ?? null;
  let password = secretOf(attr(server, 'password')?.value ?? attr(cred, 'password')?.value, attr(server, 'password')?.line ?? cred?.line ?? server.line, scope);
  if (password.secret === 'absent' && cred && localName(cred.name) === 'credential-reference') {
    password = { secret: 'external', ref: `credential-store:${attr(cred, 'store')?.value ?? '?'}/${attr(cred, 'alias')?.value ?? '?'}` };
    const clear = attr(cred, 'clear-text')?.value;
    if (clear) password = secretOf(clear, cred.line, scope);
  }
  const signIn = Boolean(username) || password.secret !== 'absent';
  draft.auth = { method: signIn ? 'password' : 'none', username: username && !isPlaceholder(username) ? username : null, secret: password.secret };
  if (password.ref) draft.secretRef = password.ref;
  const from = attr(s.token, 'from');
  if (from) { draft.from = emailIn(from.value) ?? from.value; draft.locations!.from = at(from.line, from.value); }
  if (/^\$\{jboss\.mail\.server\.host:localhost\}$/.test(binding?.host?.value ?? '')) notes.push('WildFly\'s shipped default mail session (localhost:25): used only by applications that look it up');
  if (s.token.commented || server.commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  return createFinding(detector, { path: scope.path, exampleFile: scope.ctx.exampleFile, secrets: scope.secrets }, draft);
}
