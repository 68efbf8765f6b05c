// Patches are shown in plan.yaml: every line taken from a scanned file goes through here, so a password that
// sat next to a changed line is shown as '***', never as itself.
import { redactEvidence } from '../../scan/redact.js';

// `password secret`, `AuthPass secret`, `smtp_password "x"`: space-separated forms the scanner's assignment
// patterns do not cover.
const SPACED = /^(\s*(?:[\w.-]*(?:password|passwd|authpass|secret|api[_-]?key|token)[\w.-]*)\s+)(\S.*)$/i;
// Lines that name where a secret lives, never the secret: map files, helper commands, variable names.
const POINTER = /^\s*([\w.-]*password_maps\s*=|passwordeval\s|[\w.-]*secret_?env\b)|=\s*(hash|lmdb|texthash|btree|cdb|proxy|regexp|pcre):\//i;

// `server.login('user', 'secret')`, `client.auth('user', secret)`: the second argument of a login call.
const LOGIN_CALL = /(\.(?:login|auth|authenticate)\s*\(\s*(?:'[^']*'|"[^"]*"|[\w.]+)\s*,\s*)('[^']*'|"[^"]*"|[^),]+)/gi;

export function redactLine(line: string): string {
  if (POINTER.test(line)) return line;
  const spaced = SPACED.exec(line);
  return redactEvidence(spaced ? `${spaced[1]}***` : line, []).replace(LOGIN_CALL, '$1***');
}

export function redactText(text: string): string {
  return text.split('\n').map(redactLine).join('\n');
}
