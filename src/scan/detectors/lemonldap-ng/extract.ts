// LemonLDAP::NG (Lemonldap::NG::Common::EmailTransport, Portal::Lib::SMTP, Manager::Build::Attributes): the portal mails
// password resets, registrations, notifications and mail second factors; the manager its test mail. The settings sit
// in the global configuration (File backend: <dirName>/lmConf-N.json, the highest N is in use, the others are
// history) and may be overridden on one machine in lemonldap-ng.ini, [all] first, then [portal] or [manager]
// (Config::IniFiles: `;`/`#` comment lines, a trailing `\` continues, case-sensitive keys, no inline comments).
// An empty SMTPServer (the default) hands mail to the local sendmail. Otherwise Email::Sender's SMTP transport:
// SMTPServer `host[:port]` (that port wins), SMTPPort, SMTPTLS '' (plain) | 'starttls' | 'ssl' (implicit TLS) with
// ports 25 / 587 / 465 by default, SMTPAuthUser + SMTPAuthPass for AUTH, From mailFrom (default noreply@example.com).
import type { Finding, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft, type SourceFile } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { commentedBlocks, dirName, emailIn, iniEntries, jsonScalars, liveSettings, localMtaNotes, locationsOf, parseHostPort, parsePort, secretState, type Assignment, type IniEntry } from '../../values.js';

const detector = { id: 'lemonldap-ng', system: 'LemonLDAP::NG' };

export const LEMONLDAP_HINT = /SMTPServer/;

const SMTP_KEYS = new Set(['SMTPServer', 'SMTPPort', 'SMTPTLS', 'SMTPAuthUser', 'SMTPAuthPass', 'mailFrom']);
/** Passwords that share these files: never part of a finding, always scrubbed. */
const SECRET_KEYS = new Set(['SMTPAuthPass', 'dbiPassword', 'ldapBindPassword', 'ldapPassword', 'managerPassword', 'Password']);
/** Sections that send mail, and what uses them. */
const MAIL_SECTIONS: Record<string, string> = {
  all: 'lemonldap-ng.ini [all]: the portal and the manager use it over the global configuration',
  portal: 'lemonldap-ng.ini [portal]: the portal on this machine uses it over the global configuration',
  manager: "lemonldap-ng.ini [manager]: only the manager's test mail uses it",
};
const DEFAULT_FROM = 'noreply@example.com';
const MAX_COMMENTED = 64;

/** One setting wherever it was read: an ini line or a JSON value. */
interface Setting { key: string; value: string; line: number; text: string; path: string; where: string }
type Settings = Map<string, Setting>;

interface Ini { file: SourceFile; entries: IniEntry[] }
interface Revision { file: SourceFile; settings: Settings; number: number }

function norm(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.startsWith('/') ? p : `/${p}`;
}

function baseName(path: string): string {
  return norm(path).slice(norm(path).lastIndexOf('/') + 1);
}

/** Perl truth: '' and '0' are false. */
function truthy(value: string | undefined): value is string {
  return value !== undefined && value !== '' && value !== '0';
}

function fromIni(e: Assignment, path: string, section: string): Setting {
  return { key: e.key, value: e.value, line: e.line, text: e.text, path, where: `lemonldap-ng.ini [${section}]` };
}

function sectionSettings(ini: Ini, section: string): Settings {
  const map: Settings = new Map();
  for (const [k, e] of liveSettings(ini.entries.filter((e) => e.section === section && SMTP_KEYS.has(e.key)))) map.set(k, fromIni(e, ini.file.path, section));
  return map;
}

function readRevision(file: SourceFile, ctx: ExtractContext): Settings {
  const { scalars, error } = jsonScalars(file.content);
  if (error) ctx.warn('parse-error', `JSON: ${error.message}`, error.line);
  const settings: Settings = new Map();
  for (const s of scalars) {
    if (s.path.length !== 1) continue;
    const value = s.value === null ? '' : String(s.value);
    if (SECRET_KEYS.has(s.path[0])) secretState(value, (v) => ctx.secret(v));
    if (SMTP_KEYS.has(s.path[0])) settings.set(s.path[0], { key: s.path[0], value, line: s.line, text: `"${s.path[0]}": ${typeof s.value === 'string' ? `"${s.text}"` : s.text}`, path: file.path, where: baseName(file.path) });
  }
  return settings;
}

const TLS_MODES: Record<string, { security: Security; port: number }> = {
  '': { security: 'none', port: 25 },
  starttls: { security: 'starttls', port: 587 },
  maybestarttls: { security: 'starttls', port: 25 },
  ssl: { security: 'tls', port: 465 },
  '1': { security: 'tls', port: 465 },
};

function draftOf(server: Setting, settings: Settings, key: string): FindingDraft {
  const notes: string[] = [];
  const here = (s: Setting | undefined) => (s && s.path === server.path ? s : null);
  // values that come from another file or section than the server, among those this sender uses
  const alsoRead = (...used: (Setting | undefined)[]) => {
    const elsewhere = used.filter((s) => s && (s.path !== server.path || s.where !== server.where)).map((s) => `${s!.key} from ${s!.where}`);
    if (elsewhere.length) notes.push(`also read: ${elsewhere.join(', ')}`);
  };
  const fromEntry = settings.get('mailFrom');
  const from = fromEntry?.value ? emailIn(fromEntry.value) ?? fromEntry.value : DEFAULT_FROM;
  if (!fromEntry?.value) notes.push(`no mailFrom: mail is From LemonLDAP::NG's default ${DEFAULT_FROM}`);
  const base = { line: server.line, key, from, evidence: server.text, role: 'app' as const };
  const fromLocation = here(fromEntry) && from === fromEntry!.value ? fromEntry! : null;
  if (!truthy(server.value.trim())) {
    alsoRead(fromEntry);
    return {
      ...base, host: null, port: null, security: 'unknown', endpointKind: 'local', auth: { method: 'none', username: null, secret: 'absent' },
      locations: locationsOf({ from: fromLocation }),
      notes: ['SMTPServer is empty: LemonLDAP::NG hands mail to the local sendmail (Email::Sender::Transport::Sendmail)', ...localMtaNotes('/usr/sbin/sendmail'), ...notes],
    };
  }
  const { host, port: portInHost } = parseHostPort(server.value);
  const tlsEntry = settings.get('SMTPTLS');
  const tls = (tlsEntry?.value ?? '').trim().toLowerCase();
  const mode = TLS_MODES[tls] ?? TLS_MODES[''];
  if (!TLS_MODES[tls]) notes.push(`SMTPTLS = ${tls.slice(0, 40)} is not starttls or ssl: Email::Sender speaks plain SMTP`);
  if (tls === 'maybestarttls') notes.push('SMTPTLS = maybestarttls: STARTTLS only when the server offers it');
  const portEntry = settings.get('SMTPPort');
  const port = portInHost ?? parsePort(portEntry?.value) ?? mode.port;
  if (portInHost && truthy(portEntry?.value)) notes.push('the port written in SMTPServer wins over SMTPPort');
  if (mode.security === 'tls' && port !== 465) notes.push(`SMTPTLS = ssl on port ${port}: implicit TLS, which only port 465 usually speaks`);
  const user = settings.get('SMTPAuthUser');
  const pass = settings.get('SMTPAuthPass');
  alsoRead(portInHost ? undefined : portEntry, tlsEntry, ...(truthy(user?.value) ? [user, pass] : []), fromEntry);
  const draft: FindingDraft = {
    ...base, host, port, security: mode.security, auth: { method: 'none', username: null, secret: 'absent' },
    locations: locationsOf({ host: here(server), port: portInHost ? null : here(portEntry), security: tlsEntry?.value ? here(tlsEntry) : null, from: fromLocation }),
    notes,
  };
  if (truthy(user?.value)) {
    const secret = secretState(pass?.value, () => {}); // registered while reading the file
    draft.auth = { method: 'password', username: user.value, secret: secret.secret };
    if (secret.ref) draft.secretRef = secret.ref;
    else if (secret.secret === 'present') draft.secretRef = `${pass!.path === server.path ? 'inline' : 'file'}:${pass!.path}:${pass!.line}`;
    if (here(user)) draft.locations!.username = { line: user.line, text: user.value };
    if (pass === undefined) notes.push('SMTPAuthUser without SMTPAuthPass: Email::Sender refuses to send ("sasl_username but no sasl_password")');
    if (mode.security === 'none') notes.push('SMTPAuthUser over plain SMTP: Microsoft 365 refuses AUTH before STARTTLS');
  }
  return draft;
}

/** The ini that points its File backend at this folder, in the same tree (`<root><dirName>/`), and its backend type. */
function iniOf(folder: string, inis: Ini[]): { ini: Ini; type: string } | undefined {
  for (const ini of inis) {
    const conf = liveSettings(ini.entries.filter((e) => e.section === 'configuration'));
    const dir = conf.get('dirName')?.value.replace(/\\/g, '/').replace(/\/+$/, '');
    if (!dir || !folder.endsWith(`${dir}/`)) continue;
    const root = folder.slice(0, folder.length - dir.length - 1);
    if (norm(ini.file.path).startsWith(`${root}/`)) return { ini, type: conf.get('type')?.value ?? 'File' };
  }
  return undefined;
}

function off(draft: FindingDraft, reason: string, note: string): void {
  Object.assign(draft, { active: false, inactiveReason: reason });
  draft.notes!.push(note);
}

function overlay(...maps: Settings[]): Settings {
  return new Map(maps.flatMap((m) => [...m]));
}

export function extractAll(files: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  const findings: Finding[] = [];
  const add = (file: SourceFile, draft: FindingDraft) => findings.push(createFinding(detector, { path: file.path, exampleFile: file.exampleFile }, draft));
  const inis: Ini[] = [];
  const revisions: Revision[] = [];
  for (const file of files) {
    const ctx = contextOf(file.path);
    if (canonicalName(file.path) === 'lemonldap-ng.ini') {
      const entries = iniEntries(file.content, { continuation: 'backslash', inlineComments: false });
      for (const e of entries) if (SECRET_KEYS.has(e.key)) secretState(e.value, (v) => ctx.secret(v));
      inis.push({ file, entries });
    } else {
      const number = Number(/^lmConf-(\d+)\.json$/.exec(canonicalName(file.path))?.[1] ?? -1);
      revisions.push({ file, settings: readRevision(file, ctx), number });
    }
  }
  const current = new Map<string, Revision>();
  for (const r of revisions) {
    const folder = dirName(norm(r.file.path));
    if (!r.file.exampleFile && r.number > (current.get(folder)?.number ?? -1)) current.set(folder, r);
  }
  const paired = new Map<Ini, Revision>();
  for (const r of revisions) {
    const folder = dirName(norm(r.file.path));
    const owner = iniOf(folder, inis.filter((i) => !i.file.exampleFile));
    const latest = current.get(folder);
    const server = r.settings.get('SMTPServer');
    if (owner && r === latest) paired.set(owner.ini, r);
    if (!server) continue;
    const local = owner && r === latest ? overlay(sectionSettings(owner.ini, 'all'), sectionSettings(owner.ini, 'portal')) : new Map() as Settings;
    const overridden = local.get('SMTPServer');
    const draft = draftOf(server, overridden ? r.settings : overlay(r.settings, local), `${r.number}`);
    if (owner && !/^(JSON)?File$/.test(owner.type)) off(draft, 'unused', `lemonldap-ng.ini reads the configuration from type = ${owner.type.slice(0, 40)}, not from these files`);
    else if (latest && r !== latest && !r.file.exampleFile) off(draft, 'overridden', `an older revision: LemonLDAP::NG uses ${baseName(latest.file.path)}`);
    else if (overridden) off(draft, 'overridden', `${overridden.where} sets SMTPServer over the global configuration`);
    add(r.file, draft);
  }
  for (const ini of inis) {
    const global = paired.get(ini)?.settings ?? new Map() as Settings;
    const all = sectionSettings(ini, 'all');
    for (const [section, note] of Object.entries(MAIL_SECTIONS)) {
      const own = sectionSettings(ini, section);
      const server = own.get('SMTPServer');
      if (!server) continue;
      const draft = draftOf(server, overlay(global, all, own), section);
      draft.notes!.unshift(note);
      if (section === 'all' && sectionSettings(ini, 'portal').has('SMTPServer')) draft.notes!.push('[portal] sets its own SMTPServer: only the manager uses this one');
      add(ini.file, draft);
    }
    const commented = ini.entries.filter((e) => e.commented && e.section in MAIL_SECTIONS && SMTP_KEYS.has(e.key));
    const blocks = commentedBlocks(commented, (k) => k === 'SMTPServer');
    if (blocks.length > MAX_COMMENTED) contextOf(ini.file.path).warn('too-large', `${blocks.length} commented SMTPServer lines; reading the first ${MAX_COMMENTED}`);
    for (const block of blocks.slice(0, MAX_COMMENTED)) {
      const old = block.get('SMTPServer') as IniEntry;
      const written = new Map([...block].map(([k, e]) => [k, fromIni(e, ini.file.path, old.section)]));
      const draft = draftOf(written.get('SMTPServer')!, overlay(global, all, sectionSettings(ini, old.section), written), `commented:${old.line}`);
      add(ini.file, { ...draft, active: false, inactiveReason: 'commented' });
    }
  }
  return findings;
}
