// Spring Boot spring.mail.* (application*.properties / application*.yml, each YAML document on its own) and plain
// JavaMail mail.smtp.* / mail.smtps.* properties. `smtps` and ssl.enable = implicit TLS; starttls.enable = STARTTLS.
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, emailIn, flattenYaml, isPlaceholder, liveSettings, parseBool, parsePort, type Assignment } from '../../values.js';
import { parseProperties } from './properties.js';

const detector = { id: 'spring', system: 'Spring Boot' };

interface Scope { path: string; ctx: ExtractContext; secrets: string[] }

/** Spring's relaxed binding: `spring.mail.default-encoding`, `spring.mail.defaultEncoding`, `[mail.smtp.auth]` are one key. */
function canonical(key: string): string {
  return key.replace(/[[\]]/g, '').replace(/[-_]/g, '').toLowerCase();
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const scope: Scope = { path, ctx, secrets: [] };
  const documents = /\.ya?ml$/i.test(path.replace(/\.(example|sample|dist|template|tmpl|orig|default)$/i, '')) ? yamlDocuments(content, ctx) : [parseProperties(content)];
  const findings: Finding[] = [];
  documents.forEach((doc, index) => {
    const settings = doc.map((a) => ({ ...a, key: canonical(a.key) }));
    for (const family of ['spring.mail.', 'mail.smtps.', 'mail.smtp.']) {
      const hostKey = family === 'spring.mail.' ? 'spring.mail.host' : `${family}host`;
      const mine = settings.filter((a) => a.key.startsWith(family) || (family !== 'spring.mail.' && /^mail\.(host|user|from|password|transport\.protocol)$/.test(a.key)));
      if (family !== 'spring.mail.' && settings.some((a) => a.key === 'spring.mail.host')) continue;
      const live = liveSettings(mine);
      if (live.has(hostKey) || (family === 'mail.smtp.' && live.has('mail.host') && !live.has('mail.smtps.host'))) findings.push(build(family, live, false, index, scope));
      for (const block of commentedBlocks(mine, (k) => k === hostKey)) findings.push(build(family, block, true, index, scope));
    }
  });
  return findings.length ? findings : null;
}

/** Each YAML document's scalars as dotted assignments (`spring.mail.properties.mail.smtp.auth`). */
function yamlDocuments(content: string, ctx: ExtractContext): Assignment[][] {
  const flat = flattenYaml(content);
  if (flat.tooDeep) ctx.warn('too-deep', 'YAML nested too deep; read up to the limit');
  if (flat.errors.length) ctx.warn('parse-error', flat.errors[0].message, flat.errors[0].line ?? undefined);
  const docs: Assignment[][] = [];
  for (const e of flat.entries) {
    (docs[e.doc] ??= []).push({ key: e.path.join('.'), value: e.value === null ? '' : String(e.value), line: e.line, commented: false, text: `${e.path.join('.')}: ${e.text}` });
  }
  return docs.filter(Boolean);
}

/** `${MAIL_PASSWORD}` / `${app.mail.password:default}`: Spring placeholders (a colon before the default). */
function placeholder(value: string): { name: string; fallback: string | null } | null {
  const m = /^\$\{([A-Za-z0-9_.-]+)(?::([^}]*))?\}$/.exec(value.trim());
  return m ? { name: m[1], fallback: m[2] ?? null } : null;
}

function build(family: string, set: Map<string, Assignment>, commented: boolean, doc: number, scope: Scope): Finding {
  const spring = family === 'spring.mail.';
  const key = (name: string) => set.get(canonical(name));
  const get = (suffix: string) => key(`${family}${suffix}`) ?? (spring ? key(`spring.mail.properties.mail.smtp.${suffix}`) ?? key(`spring.mail.properties.mail.smtps.${suffix}`) : undefined);
  const prop = (name: string) => (spring ? key(`spring.mail.properties.mail.smtp.${name}`) ?? key(`spring.mail.properties.mail.smtps.${name}`) : key(`${family}${name}`));
  const hostA = get('host') ?? set.get('mail.host')!;
  const system = spring ? 'Spring Boot' : 'JavaMail';
  const draft: FindingDraft = { line: hostA.line, key: `${family}${doc}`, system, role: 'app', evidence: hostA.text, notes: [], locations: {}, valueSources: {} };
  const hostRef = placeholder(hostA.value);
  if (hostRef) {
    Object.assign(draft, { host: hostRef.fallback, active: false, inactiveReason: 'unresolved' });
    draft.valueSources!.host = `env:${hostRef.name}`;
  } else if (/\s/.test(hostA.value.trim())) {
    // A host with spaces is a broken file's run-on value: never echo it (it may hold the next lines).
    scope.ctx.warn('parse-error', 'mail host value runs over several lines', hostA.line);
    Object.assign(draft, { host: null, active: false, inactiveReason: 'placeholder', evidence: `${family}host: (unreadable)` });
  } else {
    draft.host = hostA.value;
    draft.locations!.host = at(hostA.line, hostA.value);
  }
  const portA = get('port');
  draft.port = parsePort(portA?.value);
  if (draft.port && portA) draft.locations!.port = at(portA.line, portA.value);
  const protocol = (spring ? set.get('spring.mail.protocol') : set.get('mail.transport.protocol'))?.value.toLowerCase() ?? (family === 'mail.smtps.' ? 'smtps' : 'smtp');
  draft.security = securityOf(protocol, prop, set, draft);
  draft.port ??= hostRef ? null : draft.security === 'tls' ? 465 : 25;
  const userA = spring ? set.get('spring.mail.username') ?? prop('user') : get('user') ?? set.get('mail.user');
  const passA = spring ? set.get('spring.mail.password') ?? prop('password') : get('password') ?? set.get('mail.password');
  const username = userA && !isPlaceholder(userA.value) && !placeholder(userA.value) ? userA.value : null;
  if (username) draft.locations!.username = at(userA!.line, username);
  if (userA && placeholder(userA.value)) draft.valueSources!.username = `env:${placeholder(userA.value)!.name}`;
  let secret: 'present' | 'absent' | 'external' = 'absent';
  const passRef = passA ? placeholder(passA.value) : null;
  if (passRef) { secret = 'external'; draft.secretRef = /^[A-Z0-9_]+$/.test(passRef.name) ? `env:${passRef.name}` : `property:${passRef.name}`; }
  else if (passA && passA.value && !isPlaceholder(passA.value)) { secret = 'present'; scope.ctx.secret(passA.value); scope.secrets.push(passA.value); }
  const authFlag = parseBool(prop('auth')?.value);
  const mechanisms = prop('auth.mechanisms')?.value ?? '';
  const method = /xoauth2/i.test(mechanisms) ? 'oauth2' : username || secret !== 'absent' ? 'password' : 'none';
  if (authFlag === false && method === 'password') draft.notes!.push('mail.smtp.auth=false: JavaMail still authenticates when the user and password are passed to connect()');
  draft.auth = { method, username, secret };
  const fromA = prop('from') ?? set.get('mail.from') ?? (spring ? set.get('spring.mail.from') : undefined);
  if (fromA) { draft.from = emailIn(fromA.value); draft.locations!.from = at(fromA.line, fromA.value); }
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  return createFinding(detector, { path: scope.path, exampleFile: scope.ctx.exampleFile, secrets: scope.secrets }, draft);
}

/** JavaMail: protocol smtps or ssl.enable = implicit TLS; starttls.enable = STARTTLS (required only with starttls.required). */
function securityOf(protocol: string, prop: (name: string) => Assignment | undefined, set: Map<string, Assignment>, draft: FindingDraft): Security {
  const flag = (name: string) => parseBool(prop(name)?.value);
  const socketFactory = prop('socketFactory.class')?.value ?? '';
  if (protocol === 'smtps' || flag('ssl.enable') || parseBool(set.get('spring.mail.ssl.enabled')?.value) || /SSLSocketFactory/i.test(socketFactory)) return 'tls';
  const tls = prop('starttls.enable');
  if (tls) draft.locations!.security = at(tls.line, tls.value);
  if (flag('starttls.required')) return 'starttls';
  if (flag('starttls.enable')) { draft.notes!.push('STARTTLS is opportunistic: starttls.required is not set, so a server without STARTTLS gets plain text'); return 'starttls'; }
  if (draft.port === 465) return 'tls';
  return 'none';
}
