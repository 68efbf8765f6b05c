// Sendmail client credentials: `AuthInfo:host "U:user" "I:authid" "P:secret" "M:PLAIN"` lines in the authinfo
// (or access) map, and `TLS_Srv:host ENCR:bits` requirements. Passwords are registered as secrets and dropped.
import type { ExtractContext, SourceFile } from '../../detector.js';
import { isSecretPlaceholder, splitLines } from '../../values.js';

export interface AuthEntry {
  /** Host the entry applies to, lower case, without brackets or port; '' for the default entry `AuthInfo:`. */
  host: string;
  key: string;
  username: string | null;
  mechanisms: string | null;
  hasPassword: boolean;
  line: number;
  path: string;
  commented: boolean;
}

export interface AuthMaps {
  entries: AuthEntry[];
  /** Hosts with `TLS_Srv:host ENCR:…` (STARTTLS required), with where the rule sits. */
  tlsRequired: Map<string, string>;
}

export function parseAuthMaps(files: SourceFile[], contextOf: (path: string) => ExtractContext): AuthMaps {
  const maps: AuthMaps = { entries: [], tlsRequired: new Map() };
  for (const file of files) {
    const ctx = contextOf(file.path);
    splitLines(file.content).forEach((raw, i) => {
      const line = i + 1;
      const commented = /^\s*#/.test(raw);
      const text = raw.replace(/^\s*#+\s*/, '').trim();
      const tls = /^TLS_Srv:(\S+)\s+ENCR:\s*\d+/i.exec(text);
      if (tls && !commented) { maps.tlsRequired.set(hostOf(tls[1]), `${file.path}:${line}`); return; }
      const auth = /^AuthInfo:(\S*)\s+(.*)$/i.exec(text);
      if (!auth) return;
      const fields = new Map<string, string>();
      for (const m of auth[2].matchAll(/"([UIPRM])([:=])([^"]*)"|\b([UIPRM])([:=])(\S+)/g)) {
        const key = m[1] ?? m[4];
        const sep = m[2] ?? m[5];
        const value = m[3] ?? m[6];
        if (key === 'P') registerPassword(ctx, value, sep === '=');
        fields.set(key, value);
      }
      if (!fields.size) { ctx.warn('parse-error', 'AuthInfo line without "U:", "I:" or "P:" fields', line); return; }
      maps.entries.push({
        host: hostOf(auth[1]), key: auth[1], username: fields.get('I') || fields.get('U') || null, mechanisms: fields.get('M') ?? null,
        hasPassword: Boolean(fields.get('P')), line, path: file.path, commented,
      });
    });
  }
  return maps;
}

function registerPassword(ctx: ExtractContext, value: string, base64: boolean): void {
  if (isSecretPlaceholder(value)) return;
  ctx.secret(value);
  // "P=…" holds the password base64-encoded: scrub the decoded form too.
  if (base64) ctx.secret(Buffer.from(value, 'base64').toString('utf8'));
}

function hostOf(key: string): string {
  return key.replace(/^\[|\]$/g, '').replace(/\]?:\d+$/, '').replace(/^\[/, '').toLowerCase();
}

/** The entry sendmail would use for a host: the exact `AuthInfo:host`, then the default `AuthInfo:`. */
export function authFor(maps: AuthMaps, host: string): AuthEntry | undefined {
  const live = maps.entries.filter((e) => !e.commented);
  const h = host.toLowerCase();
  return live.find((e) => e.host === h) ?? live.find((e) => e.host === '');
}
