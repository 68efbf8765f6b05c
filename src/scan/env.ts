// Environment indirection: settings written as ${SMTP_HOST}, env('MAIL_HOST'), %env(MAILER_DSN)%… are
// resolved after all detectors ran, against the .env files of the same tree (nearest directory wins).
// Detectors mark such a value with valueSources[field] = 'env:NAME' (host null, inactiveReason 'unresolved').
import type { Finding } from '../inventory/types.js';
import { classifyHost, normaliseHost } from '../m365/endpoints.js';
import { isPlaceholder, parsePort, parseSmtpUrl, splitLines, unquote } from './values.js';

export interface EnvEntry { name: string; value: string; path: string; line: number }

const SECRET_NAME = /PASS(WORD|WD)?$|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?$/i;

/** KEY=VALUE lines (`export` allowed, quotes removed, `#` comments skipped). Secret-named values go to `secret`. */
export function parseEnvFile(content: string, path: string, secret: (value: string) => void): EnvEntry[] {
  const entries: EnvEntry[] = [];
  splitLines(content).forEach((raw, i) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m) return;
    let value = m[2];
    if (!/^["']/.test(value)) value = value.replace(/\s+#.*$/, '');
    value = unquote(value);
    if (SECRET_NAME.test(m[1])) { secret(value); return; }
    const url = parseSmtpUrl(value);
    if (url?.password) secret(url.password);
    entries.push({ name: m[1], value, path, line: i + 1 });
  });
  return entries;
}

function dirOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.slice(0, p.lastIndexOf('/') + 1);
}

/** The definition of NAME nearest to `path`: same directory first, then each parent. */
function lookup(entries: Map<string, EnvEntry[]>, name: string, path: string): EnvEntry | undefined {
  const candidates = entries.get(name);
  if (!candidates?.length) return undefined;
  let best: EnvEntry | undefined;
  let bestDepth = -1;
  const dir = dirOf(path);
  for (const entry of candidates) {
    const entryDir = dirOf(entry.path);
    if (!dir.startsWith(entryDir)) continue;
    // .env.example and friends never resolve a live setting; among real files, the deeper directory wins.
    if (entryDir.length > bestDepth) { best = entry; bestDepth = entryDir.length; }
  }
  return best;
}

/** Resolve env references in place. Returns how many fields were resolved. */
export function resolveEnvReferences(findings: Finding[], all: EnvEntry[]): number {
  const entries = new Map<string, EnvEntry[]>();
  for (const e of all) entries.set(e.name, [...(entries.get(e.name) ?? []), e]);
  let resolved = 0;
  for (const finding of findings) {
    const sources = finding.valueSources;
    if (!sources) continue;
    let changed = false;
    for (const [field, source] of Object.entries(sources)) {
      const m = /^env:([A-Za-z_][A-Za-z0-9_.]*)$/.exec(source);
      if (!m) continue;
      const entry = lookup(entries, m[1], finding.path);
      if (!entry || isPlaceholder(entry.value)) { sources[field] = `env:${m[1]} (not defined in this tree)`; continue; }
      if (!apply(finding, field, entry.value)) continue;
      sources[field] = `env:${m[1]} from ${entry.path}:${entry.line}`;
      changed = true;
      resolved++;
    }
    // The host decides: a setting whose host is known is live even when its username or From is still a reference.
    if (changed && finding.inactiveReason === 'unresolved' && finding.host && !(sources.host ?? '').includes('not defined')) {
      finding.active = true;
      delete finding.inactiveReason;
    }
  }
  return resolved;
}

function apply(finding: Finding, field: string, value: string): boolean {
  switch (field) {
    case 'host': {
      const url = parseSmtpUrl(value);
      if (url) {
        finding.host = normaliseHost(url.host);
        finding.port ??= url.port;
        if (finding.security === 'unknown') finding.security = url.security;
        finding.auth.username ??= url.username;
      } else {
        const [host, port] = value.includes(':') && !value.includes('::') ? value.split(':') : [value, undefined];
        finding.host = normaliseHost(host);
        if (port) finding.port ??= parsePort(port);
      }
      finding.endpointKind = classifyHost(finding.host);
      return Boolean(finding.host);
    }
    case 'port': {
      const port = parsePort(value);
      if (port) finding.port = port;
      return port !== null;
    }
    case 'username': finding.auth.username = value; return true;
    case 'from': finding.from = value; return true;
    default: return false;
  }
}
