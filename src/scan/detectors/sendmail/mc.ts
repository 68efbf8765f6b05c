// Sendmail sources: m4 `.mc` macros (`dnl`/`#` comments, `quote' pairs) and the generated line-oriented `.cf`.
import { splitLines } from '../../values.js';

export interface Route {
  via: 'SMART_HOST' | 'DS' | 'nullclient' | 'msp' | 'confFALLBACK_SMARTHOST' | 'mailertable';
  mailer: string;
  host: string;
  port: number | null;
  line: number;
  /** The value exactly as written (without m4 quotes), for the patcher. */
  valueText: string;
  text: string;
  commented: boolean;
  domain?: string;
  /** A live definition that a later one replaces (m4 keeps the last). */
  overridden?: boolean;
}

export interface McFacts {
  routes: Route[];
  /** Port per mailer from `RELAY_MAILER_ARGS` / `ESMTP_MAILER_ARGS` (mc) or the `A=TCP $h 587` of an M line (cf). */
  mailerPorts: Map<string, { port: number; line: number }>;
  authinfoFeature: boolean;
  authMechanisms: string | null;
  tlsConfigured: boolean;
  masquerade: string | null;
  notes: string[];
}

const MAILERS = new Set(['relay', 'esmtp', 'smtp', 'smtp8', 'dsmtp']);

/** `[host]`, `host`, `esmtp:[host]`, `relay:host`, `esmtp:[host]:587`: mailer defaults to `relay` (the SMART_HOST mailer). */
export function parseMailerHost(raw: string, defaultMailer = 'relay'): { mailer: string; host: string; port: number | null } | null {
  const m = /^(?:([a-z0-9-]+):)?(\[[^\]\s]*\]|[^:\s[\]]+)(?::(\d{1,5}))?$/i.exec(raw.trim());
  if (!m) return null;
  if (m[1] && !MAILERS.has(m[1].toLowerCase())) return null;
  const host = m[2].replace(/^\[|\]$/g, '');
  if (!host) return null;
  return { mailer: (m[1] ?? defaultMailer).toLowerCase(), host, port: m[3] ? Number(m[3]) : null };
}

/** Split m4 macro arguments on commas outside `quotes', then drop the outer quotes. */
export function m4Args(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '`') depth++;
    else if (c === "'" && depth > 0) depth--;
    if (c === ',' && depth === 0) { args.push(current); current = ''; continue; }
    current += c;
  }
  args.push(current);
  return args.map(unquoteM4);
}

function unquoteM4(raw: string): string {
  let v = raw.trim();
  while (v.startsWith('`') && v.endsWith("'")) v = v.slice(1, -1).trim();
  return v.replace(/^['"]|['"]$/g, '').trim();
}

/** The port of a `TCP $h 587` mailer argument string. */
function tcpPort(args: string): number | null {
  const m = /\bTCP\s+\$h\s+(\d{1,5})\b/.exec(args);
  return m ? Number(m[1]) : null;
}

function emptyFacts(): McFacts {
  return { routes: [], mailerPorts: new Map(), authinfoFeature: false, authMechanisms: null, tlsConfigured: false, masquerade: null, notes: [] };
}

/** sendmail.mc / submit.mc: SMART_HOST, nullclient, msp, *_MAILER_ARGS, FEATURE(authinfo), confAUTH_MECHANISMS, TLS macros. */
export function parseMc(content: string): McFacts {
  const facts = emptyFacts();
  splitLines(content).forEach((raw, i) => {
    const line = i + 1;
    const commented = /^\s*(dnl\b|#)/.test(raw);
    const code = raw.replace(/^\s*(dnl\b|#+)\s*/, '');
    for (const call of code.matchAll(/\b(define|FEATURE|MASQUERADE_AS)\(([^()]{0,2000})\)/g)) {
      const args = m4Args(call[2]);
      const name = call[1] === 'MASQUERADE_AS' ? 'MASQUERADE_AS' : args[0];
      if (call[1] === 'MASQUERADE_AS') { if (!commented) facts.masquerade = args[0] || null; continue; }
      if (call[1] === 'define') define(facts, name, args[1] ?? '', line, raw.trim(), commented);
      else feature(facts, name, args, line, raw.trim(), commented);
    }
  });
  return facts;
}

function define(facts: McFacts, name: string, value: string, line: number, text: string, commented: boolean): void {
  if (name === 'SMART_HOST' || name === 'confFALLBACK_SMARTHOST') {
    const hop = parseMailerHost(value);
    if (hop) facts.routes.push({ via: name, ...hop, line, valueText: value, text, commented });
    return;
  }
  const mailerArgs = /^(RELAY|ESMTP|SMTP|SMTP8|DSMTP)_MAILER_ARGS$/.exec(name);
  if (mailerArgs && !commented) {
    const port = tcpPort(value);
    if (port) facts.mailerPorts.set(mailerArgs[1].toLowerCase(), { port, line });
    return;
  }
  if (commented) return;
  if (name === 'confAUTH_MECHANISMS') facts.authMechanisms = value;
  else if (/^conf(CACERT|CACERT_PATH|CLIENT_CERT|CLIENT_KEY)$/.test(name)) facts.tlsConfigured = true;
}

function feature(facts: McFacts, name: string, args: string[], line: number, text: string, commented: boolean): void {
  if (name === 'authinfo') { if (!commented) facts.authinfoFeature = true; return; }
  if (name !== 'nullclient' && name !== 'msp') return;
  const value = args[1] ?? '';
  // `FEATURE(msp)` without a host hands mail to the local MTA: that MTA's own finding covers it.
  const hop = value ? parseMailerHost(value) : null;
  if (!hop || /^(localhost|127\.0\.0\.1|::1)$/i.test(hop.host)) return;
  const port = name === 'msp' && /^\d+$/.test(args[2] ?? '') ? Number(args[2]) : hop.port;
  facts.routes.push({ via: name, ...hop, port, line, valueText: value, text, commented });
}

/** sendmail.cf: `DS` smart host, mailer `A=TCP $h port` (continuation lines start with whitespace), Kauthinfo, AuthMechanisms. */
export function parseCf(content: string): McFacts {
  const facts = emptyFacts();
  const lines = splitLines(content);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = i + 1;
    const ds = /^(#\s*)?DS(.*)$/.exec(raw);
    if (ds) {
      const hop = ds[2].trim() ? parseMailerHost(ds[2].trim()) : null;
      if (hop) facts.routes.push({ via: 'DS', ...hop, line, valueText: ds[2].trim(), text: raw.trim(), commented: Boolean(ds[1]) });
      continue;
    }
    const mailer = /^M([A-Za-z0-9]+),/.exec(raw);
    if (mailer) {
      let definition = raw;
      while (i + 1 < lines.length && /^[ \t]+\S/.test(lines[i + 1])) definition += ` ${lines[++i].trim()}`;
      const port = tcpPort(definition);
      if (port) facts.mailerPorts.set(mailer[1].toLowerCase(), { port, line });
      continue;
    }
    if (/^Kauthinfo\b/.test(raw)) facts.authinfoFeature = true;
    const option = /^O\s*(AuthMechanisms|CACertFile|CACertPath|ClientCertFile|DefaultAuthInfo)\s*=\s*(.*)$/.exec(raw);
    if (!option) continue;
    if (option[1] === 'AuthMechanisms') facts.authMechanisms = option[2].trim();
    else if (option[1] === 'DefaultAuthInfo') facts.notes.push(`DefaultAuthInfo=${option[2].trim()}: credentials in a separate file (deprecated option)`);
    else facts.tlsConfigured = true;
  }
  return facts;
}

/** mailertable: `domain  mailer:host` routes (error:/local: entries are not relays). */
export function parseMailertable(content: string): Route[] {
  const routes: Route[] = [];
  splitLines(content).forEach((raw, i) => {
    const m = /^(#\s*)?(\S+)\s+(\S+)\s*$/.exec(raw.trim());
    if (!m || m[2].startsWith('#')) return;
    const hop = parseMailerHost(m[3], 'esmtp');
    if (!hop || !/:/.test(m[3])) return;
    routes.push({ via: 'mailertable', ...hop, line: i + 1, valueText: m[3], text: raw.trim(), commented: Boolean(m[1]), domain: m[2] });
  });
  return routes;
}
