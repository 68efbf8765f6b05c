// Secrets never leave the process: evidence is scrubbed of known secret values and of anything shaped like one.
import { isPlaceholder } from './values.js';

const KEY = String.raw`(?:pass(?:word|wd|phrase)?|pwd|secret|client[_-]?secret|api[_-]?key|apikey|token|auth[_-]?token|access[_-]?key|private[_-]?key)`;

const PATTERNS: [RegExp, string][] = [
  // URL userinfo: scheme://user:secret@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"]*:)([^\s@/'"]+)(@)/gi, '$1***$3'],
  // key = "value" / key: 'value' / key=value / key => 'value' (ini, env, yaml, php, ruby, python)
  [new RegExp(String.raw`(\b[\w.\[\]'"-]*${KEY}[\w\]'"-]*\s*(?:=>|=|:)\s*)("[^"]*"|'[^']*'|[^\s,;)}]+)`, 'gi'), '$1***'],
  // XML attributes: password="…"
  [new RegExp(String.raw`(\b[\w:-]*${KEY}[\w:-]*\s*=\s*)("[^"]*"|'[^']*')`, 'gi'), '$1"***"'],
  // XML elements: <password>…</password>, <smtpPassword>…</…>
  [new RegExp(String.raw`(<([\w:.-]*${KEY}[\w:.-]*)\b[^>]*>)([^<]*)(</\2>)`, 'gi'), '$1***$4'],
  // PowerShell / CLI flags: -Password x, --password=x, -p x is too ambiguous to touch
  [new RegExp(String.raw`((?:^|\s)--?${KEY}[\w-]*(?:\s+|=))("[^"]*"|'[^']*'|\S+)`, 'gi'), '$1***'],
  // ConvertTo-SecureString "x" -AsPlainText
  [/(ConvertTo-SecureString\s+(?:-String\s+)?)("[^"]*"|'[^']*'|\S+)/gi, '$1***'],
  // new NetworkCredential("user", "secret")
  [/(NetworkCredential\s*\(\s*(?:"[^"]*"|'[^']*'|[\w.$]+)\s*,\s*)("[^"]*"|'[^']*')/gi, '$1"***"'],
  // PEM private keys
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '-----BEGIN PRIVATE KEY-----***'],
  // Bearer tokens and JWTs
  [/\bBearer\s+[A-Za-z0-9._~+/-]+=*/g, 'Bearer ***'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '***'],
];

/**
 * Whether a value seen where a secret goes is worth scrubbing: placeholders and words like `null`, `true`
 * or `changeme` protect nothing, and scrubbing them would corrupt the JSON and prose around them.
 */
export function worthScrubbing(value: string | null | undefined): value is string {
  if (!value || value.length < 4) return false;
  if (/^(null|none|nil|true|false|yes|no|on|off|undefined|empty|changeme|change_me|password|secret|\*+|x+|\d{1,5})$/i.test(value.trim())) return false;
  return !isPlaceholder(value);
}

/** Replace each known secret value and every secret-shaped assignment with '***'. */
export function redactEvidence(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (worthScrubbing(secret)) out = out.split(secret).join('***');
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Scrub a whole serialized output (inventory, report) of known secret values: the last line of defence. */
export function scrubKnownSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (!worthScrubbing(secret)) continue;
    out = out.split(secret).join('***');
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join('***');
  }
  return out;
}
