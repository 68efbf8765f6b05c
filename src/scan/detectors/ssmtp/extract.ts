// sSMTP: ssmtp.conf (`Key=Value`, keys case-insensitive, booleans true only for "YES") and revaliases
// (`localuser:from@example.com[:mailhub[:port]]`). ssmtp's TLS words: UseTLS=YES alone is implicit TLS,
// UseSTARTTLS=YES is STARTTLS (it implies UseTLS).
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft, type SourceFile } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { commentedBlocks, dirName, envReference, isSecretPlaceholder, liveSettings, parseHostPort, parsePort, splitLines, type Assignment } from '../../values.js';

const detector = { id: 'ssmtp', system: 'sSMTP' };

interface Alias { user: string; from: string; hub: string | null; line: number; text: string; path: string }

function parseConf(file: SourceFile, ctx: ExtractContext): Assignment[] {
  const assignments: Assignment[] = [];
  splitLines(file.content).forEach((raw, i) => {
    const m = /^\s*(#\s*)?([A-Za-z_]+)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m) return;
    const key = m[2].toLowerCase();
    if (key === 'authpass' && m[3] && !isSecretPlaceholder(m[3])) ctx.secret(m[3]);
    assignments.push({ key, value: m[3], line: i + 1, commented: Boolean(m[1]), text: key === 'authpass' ? `${m[2]}=***` : raw.trim().slice(0, 300) });
  });
  return assignments;
}

function parseAliases(file: SourceFile): Alias[] {
  const aliases: Alias[] = [];
  splitLines(file.content).forEach((raw, i) => {
    const m = /^\s*([^#\s:][^\s:]*):([^\s:]+@[^\s:]+)(?::(\S+))?\s*$/.exec(raw);
    if (m) aliases.push({ user: m[1], from: m[2], hub: m[3] ?? null, line: i + 1, text: raw.trim().slice(0, 300), path: file.path });
  });
  return aliases;
}

function sameHub(a: string, b: string): boolean {
  const x = parseHostPort(a);
  const y = parseHostPort(b);
  return x.host.toLowerCase() === y.host.toLowerCase() && (x.port ?? 25) === (y.port ?? 25);
}

/** ssmtp compares booleans with strcasecmp(value, "YES"): "true" or "1" mean no. */
function yes(setting: Assignment | undefined): boolean {
  return setting?.value.toUpperCase() === 'YES';
}

function securityOf(settings: Map<string, Assignment>, port: number): { security: Security; notes: string[] } {
  const notes: string[] = [];
  for (const key of ['usetls', 'usestarttls']) {
    const s = settings.get(key);
    if (s && !yes(s) && /^(true|on|1|y)$/i.test(s.value)) notes.push(`${s.text}: ssmtp only takes "YES" as true`);
  }
  if (yes(settings.get('usestarttls'))) return { security: 'starttls', notes };
  if (yes(settings.get('usetls'))) {
    if (port !== 465) notes.push(`UseTLS=YES without UseSTARTTLS: implicit TLS on port ${port}`);
    return { security: 'tls', notes };
  }
  return { security: 'none', notes };
}

export function extractAll(files: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  const aliases = files.filter((f) => canonicalName(f.path) === 'revaliases').flatMap(parseAliases);
  const findings: Finding[] = [];
  const confs = files.filter((f) => canonicalName(f.path) === 'ssmtp.conf');
  // revaliases routes take the credentials of the ssmtp.conf beside them: the live one, not a .old or .example copy
  const primary = new Map<string, SourceFile>();
  for (const file of confs) {
    const dir = dirName(file.path);
    const seen = primary.get(dir);
    if (!seen || (contextOf(seen.path).exampleFile && !contextOf(file.path).exampleFile)) primary.set(dir, file);
  }
  for (const file of confs) {
    const ctx = contextOf(file.path);
    const assignments = parseConf(file, ctx);
    const live = liveSettings(assignments);
    const near = aliases.filter((a) => dirName(a.path) === dirName(file.path));
    const hub = live.get('mailhub');
    // A revaliases line naming this very hub only sets a From address; one naming another hub is its own route.
    const ownHub = near.filter((a) => a.hub && !(hub && sameHub(a.hub, hub.value)));
    const fromOnly = near.filter((a) => !ownHub.includes(a));
    if (hub) findings.push(hubFinding(ctx, live, live, hub, fromOnly, true));
    for (const block of commentedBlocks(assignments, (k) => k === 'mailhub')) {
      findings.push(hubFinding(ctx, new Map([...live, ...block]), block, block.get('mailhub')!, [], false));
    }
    // revaliases entries that name their own mailhub send through it with this file's credentials.
    if (primary.get(dirName(file.path)) !== file) continue;
    for (const alias of ownHub) findings.push(aliasFinding(contextOf(alias.path), live, alias, file.path));
  }
  return findings;
}

/** AuthUser/AuthPass of ssmtp.conf: the password is 'present' in ssmtp.conf itself, 'external' from revaliases' view. */
function credentials(settings: Map<string, Assignment>, confPath: string, inThisFile: boolean): Pick<FindingDraft, 'auth' | 'secretRef'> {
  const user = settings.get('authuser');
  const pass = settings.get('authpass');
  if (!user?.value) return { auth: { method: 'none', username: null, secret: 'absent' } };
  const secret = pass?.value ? (inThisFile ? 'present' : 'external') : 'absent';
  return { auth: { method: 'password', username: user.value, secret }, secretRef: pass?.value ? `file:${confPath}:${pass.line}` : undefined };
}

function hubFinding(ctx: ExtractContext, settings: Map<string, Assignment>, own: Map<string, Assignment>, hub: Assignment, aliases: Alias[], active: boolean): Finding {
  const { host, port: hubPort } = parseHostPort(hub.value);
  const port = hubPort ?? parsePort(settings.get('remoteport')?.value) ?? 25;
  const { security, notes } = securityOf(settings, port);
  const user = settings.get('authuser');
  const fromAlias = aliases[0];
  for (const a of aliases.slice(1)) notes.push(`revaliases: ${a.user} sends as ${a.from}`);
  const rewrite = settings.get('rewritedomain');
  if (rewrite?.value) notes.push(`RewriteDomain=${rewrite.value}: sender domain rewritten`);
  if (yes(settings.get('fromlineoverride'))) notes.push('FromLineOverride=YES: programs may set their own From address');
  const env = envReference(host);
  return createFinding(detector, ctx, {
    line: hub.line,
    key: `mailhub:${hub.line}`,
    host,
    port,
    security,
    ...credentials(settings, ctx.path, true),
    from: fromAlias?.from ?? null,
    active: active && !env,
    inactiveReason: !active ? 'commented' : env ? 'unresolved' : undefined,
    valueSources: env ? { host: `env:${env.name}` } : undefined,
    evidence: hub.text,
    locations: {
      host: at(hub.line, hub.value),
      username: own.has('authuser') || active ? at(user?.line ?? 0, user?.value) : undefined,
      from: fromAlias ? at(fromAlias.line, fromAlias.from) : undefined,
    },
    notes,
    role: 'script',
  });
}

function aliasFinding(ctx: ExtractContext, settings: Map<string, Assignment>, alias: Alias, confPath: string): Finding {
  const { host, port: hubPort } = parseHostPort(alias.hub!);
  const port = hubPort ?? 25;
  const { security, notes } = securityOf(settings, port);
  return createFinding(detector, ctx, {
    line: alias.line,
    key: `revaliases:${alias.line}`,
    host,
    port,
    security,
    ...credentials(settings, confPath, false),
    from: alias.from,
    evidence: alias.text,
    locations: { host: at(alias.line, alias.hub), from: at(alias.line, alias.from) },
    notes: [`revaliases: mail from ${alias.user} goes out as ${alias.from}`, ...notes],
    role: 'script',
  });
}
