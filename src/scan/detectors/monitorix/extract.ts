// Monitorix (monitorix.conf(5), monitorix, emailreports.pm, traffacct.pm): Config::General files (parse.ts). Two things
// mail: <emailreports> (graphs, when `enabled = y` and one of <daily>/<weekly>/<monthly>/<yearly> is too) and the
// monthly traffic reports of <traffacct> <reports>. Both hand MIME::Lite the bare `smtp_hostname`, so Net::SMTP
// speaks plain SMTP to it on port 25 (a `host:port` wins): no STARTTLS, no AUTH. `localhost` is the local MTA, an
// empty one the loopback, a missing one no server at all. `method = relay` in <emailreports> pipes to the local
// sendmail instead. Only a value of `y` (any case) switches anything on. Alerts only run a script (the shipped
// monitorix-alert.sh pipes to `mail`): no mail settings. After monitorix.conf, Monitorix loads every `*.conf` of
// include_dir in name order: each replaces a block's key, or a whole sub-block such as <daily>, of the files before.
import type { Finding } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft, type SourceFile } from '../../detector.js';
import { commentedBlocks, dirName, emailIn, localMtaNotes, locationsOf, parseHostPort, secretState } from '../../values.js';
import { readGeneral, type GeneralEntry, type GeneralFile } from './parse.js';

const detector = { id: 'monitorix', system: 'Monitorix' };

/** Files worth reading: a mail server, or a block that switches reports on or off. */
export const MONITORIX_HINT = /smtp_hostname|emailreports|traffacct/;

const SCHEDULES = ['daily', 'weekly', 'monthly', 'yearly'];
/** A hand-edited block keeps a few old servers: more is not a configuration. */
const MAX_HOSTS = 64;

interface Sender {
  label: string;
  /** The block that holds smtp_hostname. */
  blocks: string[];
}
const SENDERS: Sender[] = [
  { label: 'emailreports', blocks: ['emailreports'] },
  { label: 'traffacct reports', blocks: ['traffacct', 'reports'] },
];

interface Loaded { file: SourceFile; read: GeneralFile }
/** Live values after merging: `top/key` for a key of a top block, `top/sub/` for a whole sub-block. */
type Slots = Map<string, { file: SourceFile; entries: GeneralEntry[] }>;

function slotKey(blocks: string[], key: string): string | null {
  if (blocks.length === 1) return `${blocks[0]}/${key}`;
  if (blocks.length === 2) return `${blocks[0]}/${blocks[1]}/`;
  return null;
}

/** What Monitorix holds after loading these files in order: a later file replaces a key, or a whole sub-block. */
function merge(files: Loaded[]): Slots {
  const slots: Slots = new Map();
  for (const { file, read } of files) {
    const own: Slots = new Map();
    // an empty <daily></daily> in conf.d still deletes the <daily> before it
    for (const b of read.opened) if (b.blocks.length === 2) own.set(`${b.blocks[0]}/${b.blocks[1]}/`, own.get(`${b.blocks[0]}/${b.blocks[1]}/`) ?? { file, entries: [] });
    for (const e of read.entries) {
      const key = e.commented ? null : slotKey(e.blocks, e.key);
      if (!key) continue;
      const slot = own.get(key) ?? { file, entries: [] };
      slot.entries.push(e);
      own.set(key, slot);
    }
    for (const [key, slot] of own) slots.set(key, slot);
  }
  return slots;
}

/** The live values of one key: of the top block, or of a sub-block (which comes whole from one file). */
function valuesOf(slots: Slots, blocks: string[], key: string): { file: SourceFile; entries: GeneralEntry[] } | undefined {
  const slot = slots.get(blocks.length === 1 ? `${blocks[0]}/${key}` : `${blocks[0]}/${blocks[1]}/`);
  if (!slot) return undefined;
  const entries = blocks.length === 1 ? slot.entries : slot.entries.filter((e) => e.key === key);
  return entries.length ? { file: slot.file, entries } : undefined;
}

/** `lc($x || "") eq "y"`: a key written twice is a list, which is never "y". */
function isOn(values: { entries: GeneralEntry[] } | undefined): boolean {
  return values?.entries.length === 1 && values.entries[0].value.toLowerCase() === 'y';
}

/** A path with '/' separators and a leading '/', so a scan root given as a relative path pairs files the same way. */
function norm(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.startsWith('/') ? p : `/${p}`;
}

function shortName(file: SourceFile): string {
  return norm(file.path).split('/').slice(-2).join('/');
}

/** Why this sender does not mail, or null when it does; notes say what it sends and to whom. */
function senderState(sender: Sender, slots: Slots, notes: string[]): { reason: string } | null {
  if (sender.label === 'traffacct reports') {
    const recipient = valuesOf(slots, sender.blocks, 'default_mail')?.entries[0].value;
    notes.push(`monthly traffic report of each <traffacct> device, to its own address or default_mail${recipient ? ` (${recipient.slice(0, 80)})` : ''}`);
    if (!isOn(valuesOf(slots, ['traffacct'], 'enabled'))) { notes.push('<traffacct> enabled is not y: no traffic is counted and no report is sent'); return { reason: 'disabled' }; }
    if (!isOn(valuesOf(slots, sender.blocks, 'enabled'))) { notes.push('<reports> enabled is not y: no traffic report is mailed'); return { reason: 'disabled' }; }
    return null;
  }
  const schedules = SCHEDULES.filter((s) => isOn(valuesOf(slots, ['emailreports', s], 'enabled')));
  for (const s of schedules) {
    const to = valuesOf(slots, ['emailreports', s], 'to')?.entries[0].value;
    notes.push(to ? `${s} reports to ${to.slice(0, 200)}` : `${s} reports have no "to": they go nowhere`);
  }
  if (!isOn(valuesOf(slots, sender.blocks, 'enabled'))) { notes.push('<emailreports> enabled is not y: Monitorix sends no email reports'); return { reason: 'disabled' }; }
  if (!schedules.length) { notes.push('none of <daily>, <weekly>, <monthly>, <yearly> has enabled = y: no report is sent'); return { reason: 'disabled' }; }
  if (valuesOf(slots, sender.blocks, 'method')?.entries[0].value.toLowerCase() === 'relay') {
    notes.push('method = relay: MIME::Lite pipes the reports to sendmail, smtp_hostname is not used', ...localMtaNotes('/usr/lib/sendmail -t -oi -oem'));
    return { reason: 'not-smtp' };
  }
  return null;
}

function hostNotes(written: string): string[] {
  const { host } = parseHostPort(written);
  if (written === '') return ['smtp_hostname is empty: Net::SMTP connects to this machine (loopback, port 25), so the local MTA'];
  if (/^(localhost|127\.0\.0\.1|::1)$/i.test(host)) return [`smtp_hostname = ${written}: Monitorix hands its reports to the local MTA on port 25; where they go next is that MTA's relay (see its own finding)`];
  return [];
}

interface Scope { file: SourceFile; slots: Slots }

/** `commentedFrom`: the from_address written in the same commented-out block as the server. */
function draftOf(sender: Sender, host: GeneralEntry, index: number, scope: Scope, off: { reason: string; note?: string } | null, commentedFrom?: GeneralEntry): FindingDraft {
  const notes = ['Monitorix sends with MIME::Lite over Net::SMTP: plain SMTP, no STARTTLS, no AUTH, so the relay must take its mail unauthenticated'];
  notes.push(...hostNotes(host.value));
  if (index > 0) notes.push('smtp_hostname is written more than once in this block: Config::General makes a list and Net::SMTP tries the hosts in turn');
  const state = senderState(sender, scope.slots, notes);
  if (off?.note) notes.push(off.note);
  const fromValues = commentedFrom ? { file: scope.file, entries: [commentedFrom] } : valuesOf(scope.slots, sender.blocks, 'from_address');
  const fromEntry = fromValues?.entries[0];
  const from = emailIn(fromEntry?.value) ?? (fromEntry?.value || null);
  if (!fromEntry) notes.push('no from_address: the reports carry no From');
  else if (fromValues!.file !== scope.file) notes.push(`from_address comes from ${shortName(fromValues!.file)}`);
  const { host: name, port } = parseHostPort(host.value);
  const reason = off?.reason ?? state?.reason;
  return {
    line: host.line,
    key: `${sender.label}:${host.line}:${index}`,
    host: name,
    port: port ?? 25,
    security: 'none',
    auth: { method: 'none', username: null, secret: 'absent' },
    from,
    ...(host.value === '' ? { endpointKind: 'local' as const } : {}),
    ...(reason ? { active: false, inactiveReason: reason } : {}),
    evidence: host.text,
    locations: locationsOf({
      host: host.value ? host : null,
      from: fromValues?.file === scope.file && fromEntry && from === fromEntry.value ? fromEntry : null,
    }),
    notes,
    role: 'app',
  };
}

/** Findings of one file: its live servers (or why they are not used), and servers left in comments. */
function fileFindings(loaded: Loaded, slots: Slots, ctx: ExtractContext, unused: string | null): Finding[] {
  const drafts: FindingDraft[] = [];
  const scope: Scope = { file: loaded.file, slots };
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  for (const sender of SENDERS) {
    const hosts = loaded.read.entries.filter((e) => !e.commented && e.key === 'smtp_hostname' && same(e.blocks, sender.blocks));
    const winner = valuesOf(slots, sender.blocks, 'smtp_hostname');
    if (hosts.length > MAX_HOSTS) ctx.warn('too-large', `${hosts.length} smtp_hostname lines in one block; reading the first ${MAX_HOSTS}`);
    hosts.slice(0, MAX_HOSTS).forEach((host, index) => {
      let off: { reason: string; note?: string } | null = null;
      if (unused) off = { reason: 'unused', note: unused };
      else if (!winner?.entries.includes(host)) off = { reason: 'overridden', note: `${winner ? shortName(winner.file) : 'a later file'} replaces this smtp_hostname` };
      drafts.push(draftOf(sender, host, index, scope, off));
    });
    const commented = loaded.read.entries.filter((e) => e.commented && same(e.blocks, sender.blocks));
    const blocks = commentedBlocks(commented, (k) => k === 'smtp_hostname');
    if (blocks.length > MAX_HOSTS) ctx.warn('too-large', `${blocks.length} commented smtp_hostname lines; reading the first ${MAX_HOSTS}`);
    for (const block of blocks.slice(0, MAX_HOSTS)) {
      const old = block.get('smtp_hostname') as GeneralEntry;
      if (old.value) drafts.push(draftOf(sender, old, 0, scope, { reason: 'commented' }, block.get('from_address') as GeneralEntry | undefined));
    }
  }
  return drafts.map((d) => createFinding(detector, { path: loaded.file.path, exampleFile: loaded.file.exampleFile }, d));
}

/** include_dir of a main file, as a folder path without its trailing '/'. */
function includeDir(main: Loaded): string | null {
  const entry = main.read.entries.filter((e) => !e.commented && e.blocks.length === 0 && e.key === 'include_dir').at(-1);
  const dir = entry?.value.replace(/\\/g, '/').replace(/\/+$/, '');
  return dir || null;
}

function isIncludeFile(path: string): boolean {
  return /\/conf\.d\/[^/]+$/.test(norm(path));
}

/** The main file whose include_dir is this conf.d folder, in the same tree: `<root><include_dir>/`. */
function ownerOf(folder: string, mains: Loaded[]): Loaded | undefined {
  return mains.find((m) => {
    const dir = includeDir(m);
    if (!dir || !folder.endsWith(`${dir}/`)) return false;
    const root = folder.slice(0, folder.length - dir.length - 1);
    return norm(m.file.path).startsWith(`${root}/`);
  });
}

export function extractAll(allFiles: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  const loaded: Loaded[] = allFiles.filter((f) => MONITORIX_HINT.test(f.content)).map((file) => ({ file, read: readGeneral(file.content) }));
  for (const { file, read } of loaded) {
    const ctx = contextOf(file.path);
    if (read.tooDeep) ctx.warn('too-deep', 'blocks nested deeper than Monitorix reads were skipped');
    // url_prefix may carry the web interface's credentials (http://user:password@host): never shown
    for (const e of read.entries) if (e.key === 'url_prefix') secretState(/^[a-z][\w+.-]*:\/\/[^:@/]*:([^@/]*)@/i.exec(e.value)?.[1], (v) => ctx.secret(v));
  }
  const mains = loaded.filter((l) => !isIncludeFile(l.file.path));
  const includes = loaded.filter((l) => isIncludeFile(l.file.path)).sort((a, b) => (a.file.path < b.file.path ? -1 : 1));
  const findings: Finding[] = [];
  const claimed = new Map<Loaded, Loaded[]>();
  for (const inc of includes) {
    const path = norm(inc.file.path);
    const owner = ownerOf(dirName(path), mains);
    const name = path.slice(path.lastIndexOf('/') + 1);
    const besideMain = mains.some((m) => dirName(norm(m.file.path)) === dirName(dirName(path).slice(0, -1)));
    let unused: string | null = null;
    if (name.startsWith('.')) unused = 'Monitorix skips files in include_dir whose name starts with a dot';
    else if (!owner && besideMain) unused = "monitorix.conf's include_dir does not point at this folder: Monitorix does not read this file";
    if (owner && !unused) claimed.set(owner, [...(claimed.get(owner) ?? []), inc]);
    // a conf.d file without its monitorix.conf in the scan is read on its own
    else findings.push(...fileFindings(inc, merge([inc]), contextOf(inc.file.path), unused));
  }
  for (const main of mains) {
    const group = [main, ...(claimed.get(main) ?? [])];
    const slots = merge(group);
    for (const member of group) findings.push(...fileFindings(member, slots, contextOf(member.file.path), null));
  }
  return findings;
}
