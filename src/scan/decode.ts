// Bytes → text for config files: BOMs, UTF-16 without BOM (Windows exports), invalid UTF-8, binary detection.
import type { ScanWarning } from '../inventory/types.js';

export type Decoded = { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1' } | { binary: true };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le');

export function binaryWarning(path: string): ScanWarning {
  return { path, code: 'binary', message: 'binary content in a file named like a config; skipped' };
}

export function decode(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return checked(utf8Lenient(bytes.subarray(3)), 'utf-8');
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return checked(utf16le.decode(evenLength(bytes.subarray(2))), 'utf-16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return checked(utf16le.decode(swap(evenLength(bytes.subarray(2)))), 'utf-16be');
  const sample = bytes.subarray(0, 4096);
  if (sample.includes(0)) {
    const guess = utf16Guess(sample);
    if (guess === 'le') return checked(utf16le.decode(evenLength(bytes)), 'utf-16le');
    if (guess === 'be') return checked(utf16le.decode(swap(evenLength(bytes))), 'utf-16be');
    return { binary: true };
  }
  try {
    return checked(utf8.decode(bytes), 'utf-8');
  } catch {
    // A cut at the read limit can split a UTF-8 sequence; otherwise this is a legacy code page.
    return checked(Buffer.from(bytes).toString('latin1'), 'latin1');
  }
}

function utf8Lenient(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]/;
const CONTROLS = /[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]/g;
/** In a legacy code page read as latin1, bytes 0x80–0x9f are text (cp1252's quotes, Shift-JIS and GBK lead bytes): only C0 controls count. */
const C0 = /[\x00-\x08\x0b\x0e-\x1f\x7f]/;
const C0S = /[\x00-\x08\x0b\x0e-\x1f\x7f]/g;

/** Reject text that is mostly control characters: random bytes named like a config. */
function checked(text: string, encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1'): Decoded {
  const sample = text.slice(0, 4096);
  const legacy = encoding === 'latin1';
  // Nearly every config file has no control character at all: one regex scan says so (a loop per char costs 10×).
  if (!(legacy ? C0 : CONTROL).test(sample)) return { text, encoding };
  const bad = sample.match(legacy ? C0S : CONTROLS)?.length ?? 0;
  // random bytes hold ~11 % C0 controls, text in any code page next to none
  if (bad / sample.length > (legacy ? 0.03 : 0.1)) return { binary: true };
  return { text, encoding };
}

function utf16Guess(sample: Uint8Array): 'le' | 'be' | null {
  let evenZero = 0, oddZero = 0;
  const n = sample.length - (sample.length % 2);
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZero++;
    if (sample[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (pairs === 0) return null;
  if (oddZero / pairs > 0.6 && evenZero / pairs < 0.1) return 'le';
  if (evenZero / pairs > 0.6 && oddZero / pairs < 0.1) return 'be';
  return null;
}

function evenLength(bytes: Uint8Array): Uint8Array {
  return bytes.length % 2 ? bytes.subarray(0, bytes.length - 1) : bytes;
}

function swap(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) { out[i] = bytes[i + 1]; out[i + 1] = bytes[i]; }
  return out;
}
