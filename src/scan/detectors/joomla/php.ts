// Configuration PHP read as literal settings: the statements a pattern picks out of code and of comments, each value
// reduced to its literal text (`${VAR}` for getenv()/env() lookups, so the shared value helpers see a reference).
// Shared with the drupal and postfixadmin detectors.
import type { Assignment } from '../../values.js';
import { phpLines, phpValue, shown, statement, type PhpLine } from '../phpmailer/php.js';

export interface PhpSetting extends Assignment {
  /** The expression as written (for array values and notes); never shown for a secret. */
  raw: string;
  /** The value is an expression no text reading can evaluate (a constant, a call, concatenation). */
  computed: boolean;
  /** Index of the line in the PhpLine list (multi-line values continue below it). */
  index: number;
}

/** A PHP expression as text: the literal, 'true'/'false', `${VAR}` for an environment lookup, '' when computed. */
export function phpText(expression: string): { value: string; computed: boolean } {
  const v = phpValue(expression);
  if (v.kind === 'literal') return { value: v.value, computed: false };
  if (v.kind === 'bool') return { value: String(v.value), computed: false };
  if (v.kind === 'env') return { value: `\${${v.name}}`, computed: false };
  return { value: '', computed: true };
}

export interface SettingPattern {
  /** A global pattern whose match ends at the `=` of an assignment. */
  statement: RegExp;
  /** The setting a match names, or null when it is not one of ours. */
  keyOf(match: RegExpMatchArray): string | null;
  /** Settings whose value is a secret: their evidence shows `***`. */
  secret(key: string): boolean;
  /** Cheap test a line must pass before the pattern runs. */
  marker: string;
}

/** Hand-written configs hold a few dozen such statements: beyond this the file is not one. */
export const MAX_SETTINGS = 5000;

/** Every assignment the pattern finds, live (code) and commented out (`//`, `#`, `/* *\/`), in file order. */
export function phpSettings(content: string, pattern: SettingPattern, tooMany?: (line: number) => void): { settings: PhpSetting[]; lines: PhpLine[] } {
  const lines = phpLines(content);
  const settings: PhpSetting[] = [];
  for (let index = 0; index < lines.length; index++) {
    const { line, code, comment } = lines[index];
    for (const [text, commented] of [[code, false], [comment, true]] as const) {
      if (!text.includes(pattern.marker)) continue;
      for (const m of text.matchAll(pattern.statement)) {
        const key = pattern.keyOf(m);
        if (key === null) continue;
        if (settings.length >= MAX_SETTINGS) { tooMany?.(line); return { settings, lines }; }
        const raw = statement(text, m.index! + m[0].length).trim();
        const { value, computed } = phpText(raw);
        const evidence = pattern.secret(key) ? `${m[0].trim()} '***';` : shown(`${m[0].trim()} ${raw};`);
        settings.push({ key, value, raw, computed, line, commented, text: evidence, index });
      }
    }
  }
  return { settings, lines };
}
