// SmokePing (smokeping_config(5), Config::Grammar): `*** Section ***` headers, `+sub` sections, `key = value` lines,
// `#` comment lines, a trailing `\` continues a line. In *** General ***, `mailhost` is a comma list of SMTP servers
// tried in turn (Net::SMTP: `host[:port]`, port 25, never STARTTLS) with optional `mailuser`/`mailpass`; without it
// SmokePing pipes to `sendmail`. Alert mail is From the top-level `from` of *** Alerts *** (often config.d/Alerts).
import type { Finding } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type SourceFile } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { commentedBlocks, dirName, emailIn, hostReference, liveSettings, locationsOf, parseHostPort, secretState, splitLines, type Assignment } from '../../values.js';

const detector = { id: 'smokeping', system: 'SmokePing' };

/** Files worth reading: a mail host, or the Alerts section that names the From address. */
export const SMOKEPING_HINT = /mailhost|\*\*\*\s*Alerts\s*\*\*\*/i;

/** SmokePing tries its mail hosts in turn: a list longer than this is not a configuration. */
const MAX_HOSTS = 64;

interface Entry extends Assignment {
  /** Lower-cased section name ('general', 'alerts', …); '' before the first header. */
  section: string;
  /** Inside a `+name` subsection (an alert's own settings), not the section's top level. */
  nested: boolean;
}

function entries(file: SourceFile): Entry[] {
  const lines = splitLines(file.content);
  const result: Entry[] = [];
  // config.d/General and config.d/Alerts may lack their header when someone split the file by hand
  let section = ({ General: 'general', Alerts: 'alerts' } as Record<string, string>)[canonicalName(file.path)] ?? '';
  let nested = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const comment = /^\s*#+\s*/.exec(raw);
    const body = comment ? raw.slice(comment[0].length) : raw;
    const header = /^\s*\*{3}\s*(\w+)\s*\*{3}\s*$/.exec(body);
    if (header && !comment) { section = header[1].toLowerCase(); nested = false; continue; }
    if (/^\s*\+/.test(body) && !comment) { nested = true; continue; }
    const m = /^\s*([A-Za-z_]\w*)\s*=/.exec(body);
    if (!m) continue;
    const line = i + 1;
    const pieces = [body.slice(m[0].length).trim()];
    // Config::Grammar joins a line ending in `\` with the next, with one space
    while (!comment && pieces.at(-1)!.endsWith('\\') && i + 1 < lines.length) pieces.push(pieces.pop()!.slice(0, -1).trim(), lines[++i].trim());
    const key = m[1].toLowerCase();
    const text = key === 'mailpass' ? `${m[1]} = ***` : raw.trim().slice(0, 300);
    result.push({ section, nested, key, value: pieces.filter(Boolean).join(' '), line, commented: Boolean(comment), text });
  }
  return result;
}

/** The top level of one section. */
function topLevel(all: Entry[], section: string): Entry[] {
  return all.filter((e) => e.section === section && !e.nested);
}

/** The From of alert mail: *** Alerts *** `from` in this file, else in an Alerts file beside it. */
function alertsFrom(own: Entry[], file: SourceFile, files: SourceFile[]): { entry: Assignment; sameFile: boolean } | null {
  const here = liveSettings(topLevel(own, 'alerts')).get('from');
  if (here) return { entry: here, sameFile: true };
  for (const other of files) {
    if (other === file || dirName(other.path) !== dirName(file.path)) continue;
    const there = liveSettings(topLevel(entries(other), 'alerts')).get('from');
    if (there) return { entry: there, sameFile: false };
  }
  return null;
}

function hostFindings(ctx: ExtractContext, exampleFile: boolean, settings: Map<string, Assignment>, mailhost: Assignment, from: ReturnType<typeof alertsFrom>, active: boolean): Finding[] {
  const user = settings.get('mailuser');
  const pass = settings.get('mailpass');
  const secret = secretState(pass?.value, () => {}); // registered while reading the file
  // Perl truthiness: both must be set and not "0", or SmokePing sends without AUTH
  const authenticates = Boolean(user?.value && user.value !== '0' && pass?.value && pass.value !== '0');
  const contact = settings.get('contact');
  const fromValue = from?.entry.value ?? contact?.value ?? null;
  const notes = ['Net::SMTP as SmokePing calls it never starts TLS: plain SMTP'];
  if (authenticates) notes.push('mailuser/mailpass go over plain SMTP: Microsoft 365 refuses AUTH before STARTTLS');
  else if (user?.value) notes.push('mailuser without mailpass: SmokePing sends without AUTH');
  if (from && contact?.value && from.entry.value !== contact.value) notes.push(`mail about DYNAMIC hosts goes From contact ${contact.value.slice(0, 80)}`);
  const hosts = mailhost.value.split(',', MAX_HOSTS + 1).map((h) => h.trim()).filter(Boolean);
  if (hosts.length > MAX_HOSTS) {
    ctx.warn('too-large', `mailhost lists more than ${MAX_HOSTS} hosts; reading the first ${MAX_HOSTS}`, mailhost.line);
    hosts.length = MAX_HOSTS;
  }
  return hosts.map((written, index) => {
    const { host, port } = parseHostPort(written);
    return createFinding(detector, { path: ctx.path, exampleFile }, {
      line: mailhost.line,
      key: `${mailhost.line}:${index}`,
      host,
      port: port ?? 25,
      security: 'none',
      auth: authenticates ? { method: 'password', username: user!.value, secret: secret.secret } : { method: 'none', username: null, secret: 'absent' },
      secretRef: authenticates ? secret.ref ?? (secret.secret === 'present' ? `inline:${ctx.path}:${pass!.line}` : undefined) : undefined,
      from: fromValue ? emailIn(fromValue) ?? fromValue : null,
      active,
      ...(active ? hostReference(host) : {}),
      evidence: mailhost.text.endsWith('\\') ? `mailhost = ${mailhost.value.slice(0, 300)}` : mailhost.text,
      locations: locationsOf({
        // a host continued onto the next line has no place on this one: the patcher then says where to edit
        host: mailhost.text.includes(written) ? { line: mailhost.line, value: written } : null,
        username: authenticates ? user : null,
        from: from?.sameFile ? from.entry : from ? null : contact,
      }),
      notes: index > 0 ? [...notes, 'fallback mail host: tried when the ones before it do not answer within 5 seconds'] : notes,
      role: 'app',
    });
  });
}

export function extractAll(allFiles: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  const files = allFiles.filter((f) => SMOKEPING_HINT.test(f.content));
  const findings: Finding[] = [];
  for (const file of files) {
    const ctx = contextOf(file.path);
    const all = entries(file);
    const general = topLevel(all, 'general');
    // Config::Grammar keeps quotes in a value: register it as written and without them
    for (const e of general) if (e.key === 'mailpass') for (const v of new Set([e.value, e.value.replace(/^["']|["']$/g, '')])) secretState(v, (x) => ctx.secret(x));
    const mailhosts = general.filter((e) => e.key === 'mailhost');
    if (!mailhosts.length) continue; // no mail host: SmokePing pipes to sendmail, the local MTA's own finding covers it
    const exampleFile = file.exampleFile;
    const from = alertsFrom(all, file, files);
    const live = liveSettings(general);
    const mailhost = live.get('mailhost');
    if (mailhost?.value) findings.push(...hostFindings(ctx, exampleFile, live, mailhost, from, true));
    const blocks = commentedBlocks(general, (k) => k === 'mailhost');
    if (blocks.length > MAX_HOSTS) {
      ctx.warn('too-large', `${blocks.length} commented mailhost lines; reading the first ${MAX_HOSTS}`);
      blocks.length = MAX_HOSTS;
    }
    for (const block of blocks) {
      const old = block.get('mailhost')!;
      if (old.value) findings.push(...hostFindings(ctx, exampleFile, new Map([...live, ...block]), old, from, false));
    }
  }
  return findings;
}
