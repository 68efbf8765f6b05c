// The generic patcher: for formats whose detector recorded where each value sits (Finding.locations), rewrite
// those exact texts in place. What it cannot express (TLS mode words, removing a password) goes to instructions.
import type { Finding } from '../../inventory/types.js';
import { describeSecurity } from './common.js';
import { fromLines, toLines } from './lines.js';
import type { PatchInput, PatchResult, Patcher } from './types.js';

/** Write host (and port, when the value held both) in the style the old value used. */
export function hostValue(old: string, host: string, port: number | null): string {
  if (/^\[[^\]]*\](:\d+)?$/.test(old)) return `[${host}]${port ? `:${port}` : ''}`;
  if (/^[^:\s]+::\d+$/.test(old)) return `${host}::${port ?? 25}`;
  if (/^[^:\s/]+:\d+$/.test(old)) return `${host}:${port ?? 25}`;
  const url = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^@/]*@)?([^:/?#]+)(?::\d+)?(.*)$/i.exec(old);
  if (url) return `${url[1]}${host}${port ? `:${port}` : ''}${url[3]}`;
  return host;
}

export function locationsOf(finding: Finding): NonNullable<Finding['locations']> {
  return finding.locations ?? {};
}

export const genericPatcher: Patcher = {
  format: '*',
  patch(input: PatchInput): PatchResult | null {
    const { finding, settings } = input;
    const at = locationsOf(finding);
    const notes: string[] = [];
    const wanted = [
      `host ${settings.host ?? '(see plan)'}`, `port ${settings.port ?? '(default)'}`, `encryption ${describeSecurity(settings.security)}`,
      `authentication ${settings.auth}${settings.username ? ` as ${settings.username}` : ''}`, ...(settings.from ? [`From ${settings.from}`] : []),
    ];
    if (input.content === null || !at.host || !settings.host) {
      return { snippet: wanted.join('\n'), instructions: `Set in ${finding.path}${finding.line ? ` (line ${finding.line})` : ''}: ${wanted.join('; ')}.` };
    }
    const t = toLines(input.content);
    const edits: [keyof typeof at, string][] = [];
    edits.push(['host', hostValue(at.host.text, settings.host, at.port ? null : settings.port)]);
    if (at.port && settings.port) edits.push(['port', String(settings.port)]);
    if (at.username) edits.push(['username', settings.username ?? '']);
    if (at.from && settings.from) edits.push(['from', settings.from]);
    for (const [key, value] of edits) {
      const location = at[key]!;
      const line = t.lines[location.line - 1] ?? '';
      if (line.includes(location.text)) { t.lines[location.line - 1] = line.replace(location.text, () => value); continue; }
      // The recorded text is no longer on the line (edited since the scan): find the host itself.
      const written = key === 'host' && finding.host ? new RegExp(`\\[?${finding.host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]?(?:::?\\d+)?`, 'i').exec(line) : null;
      if (written) t.lines[location.line - 1] = line.replace(written[0], () => hostValue(written[0], settings.host!, settings.port));
      else notes.push(`set ${key} to ${value} by hand (line ${location.line} changed since the scan)`);
    }
    if (!at.port && settings.port && !/:\d+/.test(edits[0][1])) notes.push(`set the port to ${settings.port}`);
    notes.push(`set encryption to ${describeSecurity(settings.security)}`);
    if (finding.auth.secret !== 'absent' && (settings.auth === 'none' || settings.auth === 'ip' || settings.auth === 'oauth2')) notes.push(`remove the old password${finding.secretRef ? ` (${finding.secretRef.replace(/^inline:/, '')})` : ''}`);
    if (settings.auth === 'none' || settings.auth === 'ip') notes.push('turn authentication off');
    return { text: fromLines(t), instructions: `Also in ${finding.path}: ${notes.join('; ')}.` };
  },
};
