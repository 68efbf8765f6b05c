// pflogsumm 1.1.5's counting rules (Debian /usr/sbin/pflogsumm), ported so `totals` equals its Grand Totals.
// The regular expressions are the Perl ones with Perl's byte semantics: `.` matches any byte but newline
// (our lines hold none, hence the `s` flag) and `\s` is ASCII whitespace only.
import { asciiLower } from '../aggregate.js';

const WS = String.raw`\t\n\v\f\r `;

/** `^(...) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) \S+ (.+)$` — "Nov  2 08:15:01 host rest". */
export const CLASSIC_LINE = new RegExp(String.raw`^(...) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([^${WS}]+) (.+)$`, 's');
/** RFC 3339 stamps as rsyslog on Debian 12 writes them: "2026-11-02T08:15:01.123456+01:00 host rest". */
export const RFC3339_LINE = new RegExp(String.raw`^((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[+\-](?:\d{2}):(?:\d{2})|Z)) ([^${WS}]+) (.+)$`, 's');
/** Solaris syslog's "[ID nnnnnn facility.level]" tag, dropped before anything else. */
export const SOLARIS_ID = /: \[ID \d+ [^\]]+\] /;
/** postfix[/smtps|/submission]/<cmd>...: <qid> */
export const COMMAND = new RegExp(String.raw`^postfix(?:/(?:smtps|submission))?/([^\[:]*).*?: ([^:${WS}]+)`, 's');
export const COMMAND_SCRIPT = new RegExp(String.raw`^(postfix(?:-script)?)(?:\[\d+\])?: ([^:${WS}]+)`, 's');
export const CLEANUP_REJECT = /\/cleanup\[\d+\]: .*?\b((?:milter-)?reject|warning|hold|discard): (header|body|END-OF-MESSAGE) (.*)$/s;
export const SMTPD_CLIENT = /\[\d+\]: \w+: client=(.+?)(?:,|$)/s;
export const SMTPD_REJECT = /\[\d+\]: \w+: (reject(?:_warning)?|hold|discard): /;
export const FROM_SIZE = /from=<([^>]*)>, size=(\d+)/;
export const DELIVERY = new RegExp(String.raw`to=<([^>]*)>, (?:orig_to=<[^>]*>, )?relay=([^,]+), (?:conn_use=[^,]+, )?delay=([^,]+), (?:delays=[^,]+, )?(?:dsn=[^,]+, )?status=([^${WS}]+)(.*)$`, 's');
export const PICKUP = /: (sender|uid)=/;

/** Perl truthiness of a string: '' and '0' are false. */
export function perlTrue(value: string | null | undefined): value is string {
  return value !== undefined && value !== null && value !== '' && value !== '0';
}

/** `$addr =~ s/(@.+)/\L$1/`: lower-case from the first '@' on (only when something follows it). */
export function lowerDomainPart(address: string): string {
  const at = address.indexOf('@');
  if (at === -1 || at === address.length - 1 || !hasUpper(address, at)) return address; // the common case allocates nothing
  return address.slice(0, at) + asciiLower(address.slice(at));
}

function hasUpper(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

/** `s/^[^@]+\@(.+)$/$1/` on a sender: the part after the first '@', or null when the shape does not match. */
export function senderDomain(address: string): string | null {
  const at = address.indexOf('@');
  return at > 0 && at < address.length - 1 ? address.slice(at + 1) : null;
}

/** `s/^[^@]+\@//` on a recipient: drop up to the first '@' when something precedes it. */
export function recipientDomain(address: string): string {
  const at = address.indexOf('@');
  return at > 0 ? address.slice(at + 1) : address;
}

const IPV4_IN_BRACKETS = /^([^[]*)\[((?:\d{1,3}\.){3}\d{1,3})\]/;
const OLD_SLASH = /^([^/]*)\/([0-9a-f.:]+)/i;
const ANY_BRACKETS = /^([^[(/]*)[[(/]([^\])]+)[\])]:?\d*$/s;
const SHORTEN = /^(.*)\.([^.]+)\.([^.]{3}|[^.]{2,3}\.[^.]{2})$/s;

/** pflogsumm's gimme_domain: "mail.example.co.uk[1.2.3.4]" → "example.co.uk"; "unknown[1.2.3.4]" → "1.2.3.4". */
export function gimmeDomain(client: string): string | null {
  let m = IPV4_IN_BRACKETS.exec(client) ?? OLD_SLASH.exec(client) ?? ANY_BRACKETS.exec(client);
  let domain = m ? m[1] : null;
  const ip = m ? m[2] : null;
  if (domain === null || domain === '' || domain === 'unknown') return ip;
  m = SHORTEN.exec(domain);
  if (m) domain = asciiLower(`${m[2]}.${m[3]}`);
  return domain;
}
