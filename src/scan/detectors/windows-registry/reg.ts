// The .reg export format (config-formats.md §2.10): `Windows Registry Editor Version 5.00` (UTF-16LE) or `REGEDIT4`
// (ANSI); `[key]` sections, `"name"="string"`, `dword:`, `hex:`/`hex(N):` byte lists continued with `\`.
// Hand-written: no installed package reads .reg files.
import { splitLines } from '../../values.js';

export interface RegValue {
  name: string;
  kind: 'string' | 'dword' | 'binary' | 'delete' | 'other';
  /** Decoded text (strings; binaries that hold text), or null. */
  text: string | null;
  /** DWORD value. */
  number: number | null;
  /** The data exactly as written after `=` (continuations joined), for secrets and evidence. */
  raw: string;
  line: number;
  commented: boolean;
}

export interface RegKey {
  path: string;
  line: number;
  /** `[-HKEY_…]`: the export deletes this key. */
  deleted: boolean;
  values: Map<string, RegValue>;
}

const MAX_CONTINUATION = 10_000;

export function parseReg(content: string): { keys: RegKey[]; unicode: boolean } {
  const lines = splitLines(content);
  const unicode = !/^\s*REGEDIT4\s*$/m.test(lines.slice(0, 5).join('\n'));
  const keys: RegKey[] = [];
  let current: RegKey | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const raw = lines[i];
    const header = /^\s*\[(-?)([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      current = { path: header[2].trim(), line, deleted: header[1] === '-', values: new Map() };
      keys.push(current);
      continue;
    }
    const commented = /^\s*;/.test(raw);
    const m = /^\s*(?:;\s*)?(?:"((?:[^"\\]|\\.)*)"|(@))\s*=(.*)$/.exec(raw);
    if (!m || !current) continue;
    let data = m[3];
    // `hex:` lists wrap with a trailing backslash; REGEDIT4 wraps long strings the same way.
    for (let n = 0; data.trimEnd().endsWith('\\') && i + 1 < lines.length && n < MAX_CONTINUATION; n++) {
      data = data.trimEnd().slice(0, -1) + lines[++i].trim().replace(/^;\s*/, '');
    }
    const name = m[2] ? '@' : m[1].replace(/\\(.)/g, '$1');
    // a `;`-commented value never replaces the live one of the same name (an old server kept below the new one)
    if (commented && current.values.get(name.toLowerCase())?.commented === false) continue;
    current.values.set(name.toLowerCase(), { name, line, commented, ...readData(data.trim(), unicode) });
  }
  return { keys, unicode };
}

function readData(data: string, unicode: boolean): Omit<RegValue, 'name' | 'line' | 'commented'> {
  if (data === '-') return { kind: 'delete', text: null, number: null, raw: data };
  const string = /^"((?:[^"\\]|\\.)*)"/.exec(data);
  if (string) return { kind: 'string', text: string[1].replace(/\\(.)/g, '$1'), number: null, raw: data };
  const dword = /^dword:([0-9a-f]{1,8})$/i.exec(data);
  if (dword) return { kind: 'dword', text: null, number: Number.parseInt(dword[1], 16), raw: data };
  const hex = /^hex(?:\((\w+)\))?:([0-9a-f,\s]*)$/i.exec(data);
  if (hex) {
    const bytes = hex[2].split(',').map((b) => b.trim()).filter((b) => /^[0-9a-f]{1,2}$/i.test(b)).map((b) => Number.parseInt(b, 16));
    // REG_EXPAND_SZ/MULTI_SZ follow the export's encoding; REG_BINARY holds whatever the program wrote (UTF-16 for Outlook).
    const type = (hex[1] ?? '').toLowerCase();
    return { kind: 'binary', text: bytesToText(Uint8Array.from(bytes), type === '' ? null : unicode), number: null, raw: data };
  }
  return { kind: 'other', text: null, number: null, raw: data };
}

/** Text held in registry bytes: UTF-16LE (zeros in the odd bytes) or ANSI; null when it is not text (an encrypted blob). */
export function bytesToText(bytes: Uint8Array, unicode: boolean | null): string | null {
  if (!bytes.length) return '';
  const pairs = Math.floor(bytes.length / 2);
  let oddZero = 0;
  for (let i = 1; i < bytes.length; i += 2) if (bytes[i] === 0) oddZero++;
  const utf16 = unicode ?? (pairs > 0 && oddZero / pairs > 0.7);
  const text = utf16 ? Buffer.from(bytes.subarray(0, pairs * 2)).toString('utf16le') : Buffer.from(bytes).toString('latin1');
  const trimmed = text.replace(/\u0000+$/, '').split('\u0000').join('\n');
  return /^[\x20-\x7e\u00a0-\uffef\n]*$/.test(trimmed) ? trimmed : null;
}
