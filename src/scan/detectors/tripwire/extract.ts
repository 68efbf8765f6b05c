// Tripwire 2.4 (twconfig(4), tw/twutil.cpp): twcfg.txt is the plain-text source of the signed tw.cfg that tripwire
// really reads. `KEY = value` lines (case-sensitive keys, the value is all after the first `=`, trimmed), `#` comment
// lines, `$(VAR)` substitution from earlier keys and the predefined HOSTNAME and DATE; the last assignment wins.
// MAILMETHOD = SMTP (any case) makes tripwire its own SMTP client: SMTPHOST (default 127.0.0.1), SMTPPORT (25),
// HELO, no TLS, no AUTH. MAILMETHOD = SENDMAIL pipes the report to MAILPROGRAM; without MAILMETHOD it mails nothing.
import type { Finding } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, emailIn, iniEntries, liveSettings, localMtaNotes, locationsOf, parsePort, type Assignment } from '../../values.js';

const detector = { id: 'tripwire', system: 'Tripwire' };

/** A hand-written twcfg.txt keeps a few old hosts in comments: more is not a configuration. */
const MAX_HOSTS = 64;
/** `$(A)` may hold `$(B)$(B)`, and so on: substituted values stop growing here. */
const MAX_VALUE = 1024;
/** twconfig(4) gives `mail.domain.com` as SMTPHOST's initial value: nobody's relay. */
const DOCUMENTED_HOST = 'mail.domain.com';
const VARIABLE = /\$\(\s*([^)\s]*)\s*\)/g;

type Method = 'smtp' | 'sendmail' | 'none' | 'invalid';

/** Each live value with `$(VAR)` replaced by what the keys before it hold (HOSTNAME and DATE stay as written). */
function substitute(entries: Assignment[]): (value: string) => string {
  const known = new Map<string, string>();
  const expand = (value: string) => {
    let out = '';
    let from = 0;
    for (const m of value.slice(0, MAX_VALUE).matchAll(VARIABLE)) {
      out += value.slice(from, m.index) + (known.get(m[1]) ?? m[0]);
      from = m.index + m[0].length;
      if (out.length >= MAX_VALUE) return out.slice(0, MAX_VALUE);
    }
    return (out + value.slice(from)).slice(0, MAX_VALUE);
  };
  for (const e of entries) if (!e.commented) known.set(e.key, expand(e.value));
  return expand;
}

function methodOf(entry: Assignment | undefined): Method {
  const value = entry?.value.toUpperCase();
  return value === undefined ? 'none' : value === 'SMTP' ? 'smtp' : value === 'SENDMAIL' ? 'sendmail' : 'invalid';
}

function methodNotes(method: Method, settings: Map<string, Assignment>, expand: (v: string) => string): string[] {
  const written = settings.get('MAILMETHOD')?.value.slice(0, 40);
  if (method === 'none') return ['no MAILMETHOD: tripwire has no way to mail and sends no report'];
  if (method === 'invalid') return [`MAILMETHOD = ${written} is neither SMTP nor SENDMAIL: tripwire refuses to mail`];
  if (method === 'smtp') return [];
  const program = settings.get('MAILPROGRAM');
  return [`MAILMETHOD = ${written}: reports are piped to MAILPROGRAM, SMTPHOST is not used`, ...(program?.value ? localMtaNotes(expand(program.value)) : [])];
}

function reportNotes(settings: Map<string, Assignment>, expand: (v: string) => string): string[] {
  const notes = ['tripwire speaks plain SMTP (HELO): no STARTTLS, no AUTH, so the relay must take its mail unauthenticated'];
  const global = settings.get('GLOBALEMAIL')?.value;
  notes.push(global ? `reports also go to GLOBALEMAIL: ${expand(global).slice(0, 200)}` : 'no GLOBALEMAIL: reports go only to the emailto= addresses of the policy (twpol.txt)');
  if (settings.get('MAILNOVIOLATIONS')?.value.toLowerCase() === 'false') notes.push('MAILNOVIOLATIONS = false: mail only when a check finds violations');
  else notes.push('a report is mailed after every check, even without violations (MAILNOVIOLATIONS)');
  notes.push('twcfg.txt is the plain-text copy: tripwire reads the signed tw.cfg (compare with twadmin --print-cfgfile, apply edits with twadmin --create-cfgfile)');
  return notes;
}

/** Where the host points: a literal, the machine itself (`$(HOSTNAME)`), or a variable the file does not define. */
function hostFields(written: string, expand: (v: string) => string): Partial<FindingDraft> & { notes: string[] } {
  const value = expand(written);
  if (/^\$\(\s*HOSTNAME\s*\)$/.test(value)) return { host: null, endpointKind: 'local', notes: ['SMTPHOST = $(HOSTNAME): the machine itself, so its local MTA'] };
  const unknown = new RegExp(VARIABLE.source).exec(value);
  if (unknown) return { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: `variable:${unknown[1].slice(0, 60)}` }, notes: [`SMTPHOST uses $(${unknown[1].slice(0, 60)}), which this file does not define`] };
  if (value.toLowerCase() === DOCUMENTED_HOST) return { host: value, active: false, inactiveReason: 'placeholder', notes: [`${DOCUMENTED_HOST} is the value twconfig(4) documents, not a relay`] };
  return { host: value, notes: [] };
}

function draftOf(host: Assignment, settings: Map<string, Assignment>, commented: boolean, expand: (v: string) => string): FindingDraft {
  const method = methodOf(settings.get('MAILMETHOD'));
  const where = hostFields(host.value, expand);
  const portEntry = settings.get('SMTPPORT');
  const port = portEntry ? parsePort(expand(portEntry.value)) : 25;
  const fromEntry = settings.get('MAILFROMADDRESS');
  const fromValue = fromEntry ? expand(fromEntry.value) : '';
  const notes = [...where.notes, ...methodNotes(method, settings, expand)];
  if (portEntry && port === null) notes.push(`SMTPPORT = ${portEntry.value.slice(0, 40)} is not a port`);
  if (!fromValue) notes.push('no MAILFROMADDRESS: mail is From tripwire@<this host\'s name>');
  else if (fromValue.includes('$(')) notes.push(`MAILFROMADDRESS = ${fromValue.slice(0, 80)}: the From depends on the machine`);
  notes.push(...reportNotes(settings, expand));
  const off = commented ? 'commented' : method === 'sendmail' ? 'not-smtp' : method === 'smtp' ? undefined : 'disabled';
  const literal = (e: Assignment | undefined) => (e && !e.value.includes('$(') ? e : null);
  return {
    line: host.line,
    key: String(host.line),
    host: where.host,
    port,
    security: 'none',
    auth: { method: 'none', username: null, secret: 'absent' },
    from: fromValue.includes('$(') ? null : emailIn(fromValue) ?? (fromValue || null),
    ...(where.endpointKind ? { endpointKind: where.endpointKind } : {}),
    ...(off ? { active: false, inactiveReason: off } : where.active === false ? { active: false, inactiveReason: where.inactiveReason } : {}),
    ...(where.valueSources ? { valueSources: where.valueSources } : {}),
    evidence: host.text,
    locations: locationsOf({ host: literal(host), port: literal(portEntry), from: fromEntry && emailIn(fromEntry.value) === fromEntry.value ? fromEntry : null }),
    notes,
    role: 'app',
  };
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const entries: Assignment[] = iniEntries(content, { continuation: 'backslash', inlineComments: false });
  const live = liveSettings(entries);
  const expand = substitute(entries);
  const exampleFile = ctx.exampleFile;
  const drafts: FindingDraft[] = [];
  const host = live.get('SMTPHOST');
  if (host?.value) drafts.push(draftOf(host, live, false, expand));
  else if (methodOf(live.get('MAILMETHOD')) === 'smtp') {
    // MAILMETHOD = SMTP without SMTPHOST: tripwire dials its built-in default
    const method = live.get('MAILMETHOD')!;
    const draft = draftOf({ ...method, value: '127.0.0.1' }, live, false, expand);
    drafts.push({ ...draft, locations: {}, notes: ['no SMTPHOST: tripwire connects to 127.0.0.1', ...draft.notes!] });
  }
  const blocks = commentedBlocks(entries, (k) => k === 'SMTPHOST');
  if (blocks.length > MAX_HOSTS) {
    ctx.warn('too-large', `${blocks.length} commented SMTPHOST lines; reading the first ${MAX_HOSTS}`);
    blocks.length = MAX_HOSTS;
  }
  for (const block of blocks) {
    const old = block.get('SMTPHOST')!;
    if (old.value) drafts.push(draftOf(old, new Map([...live, ...block]), true, expand));
  }
  const findings = drafts.map((d) => createFinding(detector, { path, exampleFile }, d));
  return findings.length ? findings : null;
}
