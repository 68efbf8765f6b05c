// Mozilla preference files: `user_pref("name", value);` (prefs.js, user.js) and `pref(` / `lockPref(` /
// `defaultPref(` (autoconfig, defaults/pref). Read line by line by hand: values are strings, numbers or booleans.
import { splitLines } from '../../values.js';

export interface Pref { name: string; value: string | number | boolean; line: number; commented: boolean; text: string }

const CALL = /^\s*(\/\/\s*)?(?:user_pref|pref|lockPref|defaultPref|sticky_pref)\s*\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*/;

/** The value at the start of `rest`: a "string" (JSON escapes), an integer or true/false; null otherwise. */
function valueAt(rest: string): string | number | boolean | null {
  if (rest[0] === '"') {
    let i = 1;
    while (i < rest.length && rest[i] !== '"') i += rest[i] === '\\' ? 2 : 1;
    if (i >= rest.length) return null;
    try { return JSON.parse(rest.slice(0, i + 1)) as string; } catch { return rest.slice(1, i); }
  }
  const m = /^(-?\d{1,15}|true|false)\b/.exec(rest);
  if (!m) return null;
  return m[1] === 'true' ? true : m[1] === 'false' ? false : Number(m[1]);
}

export function parsePrefs(content: string): Pref[] {
  const prefs: Pref[] = [];
  splitLines(content).forEach((raw, i) => {
    const m = CALL.exec(raw);
    if (!m) return;
    const value = valueAt(raw.slice(m[0].length));
    if (value === null) return;
    let name = m[2];
    try { name = JSON.parse(`"${m[2]}"`) as string; } catch { /* keep as written */ }
    prefs.push({ name, value, line: i + 1, commented: Boolean(m[1]), text: raw.trim().slice(0, 300) });
  });
  return prefs;
}
