// Every free text taken from an input is scrubbed again before it reaches a report: a leak upstream must not be
// repeated in the document handed to management. The scanner's patterns first, then shapes only a report meets.
import { redactEvidence } from '../scan/redact.js';

const REPORT_PATTERNS: [RegExp, string | ((whole: string, ...groups: string[]) => string)][] = [
  // SMTP AUTH with an initial response (transcripts, replies): the argument carries the credentials
  // (an EHLO line lists mechanisms instead: `250-AUTH PLAIN LOGIN` stays; prose, `AUTH XOAUTH2 with a token`, stays
  // too: an initial response is base64 or `=`, never a lower-case word)
  [/\b(AUTH[ \t]+(?:PLAIN|LOGIN|XOAUTH2|OAUTHBEARER|CRAM-MD5)[ \t]+)(?!(?:PLAIN|LOGIN|XOAUTH2|OAUTHBEARER|CRAM-MD5|NTLM|GSSAPI|DIGEST-MD5|SCRAM-SHA-\d+)\b)(\S+)/gi,
    (whole: string, command: string, argument: string) => (/^[a-z]+[,.;:]?$/.test(argument) ? whole : `${command}***`)],
  // keyword-and-value config lines without '=' (msmtp `password x`), also as diff lines
  [/^([ \t]*[+-]?[ \t]*(?:password|passwd|pass|secret|client_secret|clientsecret)[ \t]+)(?![=:])(\S.*)$/gim, '$1***'],
  // Postfix sasl_passwd shape, `[host]:port user:secret`, also as diff lines
  [/^([ \t]*[+-]?[ \t]*\[?[\w.-]+\]?(?::\d+)?[ \t]+[^\s:]+:)(\S+)[ \t]*$/gm, '$1***'],
];

// Values that name where something is rather than being it: a map, a path, a URL without credentials, a placeholder.
const REFERENCE = [
  /^$/,
  /^(?:hash|lmdb|btree|texthash|cdb|proxy|regexp|pcre|ldap|mysql|pgsql|sqlite):\S+$/,
  /^(?:~|\.{0,2})\/[\w.@%+-]+\/[\w./@%+-]*$/,        // two segments at least: `/etc/…`, not a password that starts with '/'
  /^[A-Za-z]:\\[\w.\\ -]*$/,
  /^https?:\/\/[^\s@/]+(?:\/(?:[^\s<>]|<[^<>]*>)*)?$/,
  /^<[^<>]*>$/, /^\$\{[\w.:-]+\}?$/, /^\$[A-Za-z_]\w*$/, /^%[\w.]+%$/, /^\{\{[^{}]*\}\}$/, /^env:[A-Za-z_]\w*$/,
];

function isReference(value: string): boolean {
  const bare = value.trim().replace(/,$/, '').replace(/^(["'])(.*)\1$/, '$2');
  return REFERENCE.some((pattern) => pattern.test(bare));
}

/** A line the patterns changed in one place only, where what they removed is a reference: keep the line as it was. */
function restoreReferences(original: string, redacted: string): string {
  const before = original.split('\n');
  const after = redacted.split('\n');
  if (before.length !== after.length) return redacted;
  return after.map((line, i) => {
    const was = before[i];
    if (line === was || was.includes('***')) return line;
    const at = line.indexOf('***');
    if (at < 0 || line.indexOf('***', at + 3) >= 0) return line;
    const prefix = line.slice(0, at);
    const suffix = line.slice(at + 3);
    if (!was.startsWith(prefix) || !was.endsWith(suffix) || was.length < prefix.length + suffix.length) return line;
    const removed = was.slice(prefix.length, was.length - suffix.length);
    // the scanner's value stops at a space: `<from the vault>` loses only `<from`
    return isReference(removed) || isReference(removed + suffix) ? was : line;
  }).join('\n');
}

export function redactText(text: string): string {
  let out = redactEvidence(text, []);
  for (const [pattern, replacement] of REPORT_PATTERNS) out = out.replace(pattern, replacement as string);
  return restoreReferences(text, out);
}

export function redactNullable(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : redactText(String(text));
}
