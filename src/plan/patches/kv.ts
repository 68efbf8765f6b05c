// KEY=VALUE files (.env, ssmtp.conf, .properties, ini sections): set, remove or comment out a key, in place.
import type { TextLines } from './lines.js';

export interface KeyStyle {
  /** Matches a live line of the key; group 1 is the key as written. */
  line(key: string): RegExp;
  /** A new line for the key. */
  render(key: string, value: string): string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const EQUALS: KeyStyle = {
  line: (key) => new RegExp(`^\\s*(?:export\\s+)?(${escape(key)})\\s*=`, 'i'),
  render: (key, value) => `${key}=${value}`,
};

export const SPACED_EQUALS: KeyStyle = {
  line: (key) => new RegExp(`^\\s*(${escape(key)})\\s*[=:]`, 'i'),
  render: (key, value) => `${key} = ${value}`,
};

/** Lines [start, end) of an ini section (`[smtp]`), or the whole file when no section is asked for. */
export function sectionRange(t: TextLines, section?: string): { start: number; end: number } | null {
  if (!section) return { start: 0, end: t.lines.length };
  const start = t.lines.findIndex((l) => l.trim().toLowerCase() === `[${section.toLowerCase()}]`);
  if (start < 0) return null;
  let end = start + 1;
  while (end < t.lines.length && !/^\s*\[[^\]]+\]\s*$/.test(t.lines[end])) end++;
  return { start: start + 1, end };
}

/** Set a key: replace its live line (keeping how the key is spelled), or add it at the end of the range. */
export function setKey(t: TextLines, style: KeyStyle, key: string, value: string, section?: string): void {
  const range = sectionRange(t, section) ?? { start: t.lines.push(`[${section}]`), end: t.lines.length };
  const pattern = style.line(key);
  for (let i = range.start; i < range.end; i++) {
    const m = pattern.exec(t.lines[i]);
    if (m) { t.lines[i] = style.render(m[1], value); return; }
  }
  let at = range.end;
  while (at > range.start && t.lines[at - 1].trim() === '') at--;
  t.lines.splice(at, 0, style.render(key, value));
}

/** Remove a key's live lines (a password: the diff shows the removal redacted). */
export function removeKey(t: TextLines, style: KeyStyle, key: string, section?: string): void {
  const range = sectionRange(t, section);
  if (!range) return;
  const pattern = style.line(key);
  for (let i = range.end - 1; i >= range.start; i--) if (pattern.test(t.lines[i])) t.lines.splice(i, 1);
}

/** Comment a key's live lines out, keeping them as a record of the old setting (never for secrets). */
export function commentKey(t: TextLines, style: KeyStyle, key: string, marker = '#', section?: string): void {
  const range = sectionRange(t, section);
  if (!range) return;
  const pattern = style.line(key);
  for (let i = range.start; i < range.end; i++) if (pattern.test(t.lines[i])) t.lines[i] = `${marker} relay365 (moved to Microsoft 365): ${t.lines[i].trim()}`;
}
