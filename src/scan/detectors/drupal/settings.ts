// Drupal configuration as flat settings keyed `<config object>|<key path>`: settings.php overrides
// (`$config['smtp.settings']['smtp_host'] = …;`, whole arrays `$config['…']['configuration'] = [ 'host' => …, ];`,
// Drupal 7's `$conf['smtp_host'] = …;`) and config exports (`smtp.settings.yml`), live and commented out.
import { closingBracket, commentedYamlLines, flattenYamlBounded, splitTopLevel, type FlatYaml } from '../../values.js';
import { shown, type PhpLine } from '../phpmailer/php.js';
import { phpSettings, phpText, type PhpSetting } from '../joomla/php.js';

/** The config objects a family reads: the SMTP module, Symfony Mailer transports, core's mailer DSN (Drupal ≥ 10.3). */
export const CONFIG_OBJECT = /^(smtp\.settings|symfony_mailer\.mailer_transport\.[\w-]+|system\.mail)$/;
const SECRET_KEY = /\|(smtp_password|configuration\.(pass|password)|mailer_dsn\.password)$/;
/** An array literal spread over lines is a handful of keys: a bound keeps a broken file from reading on forever. */
const MAX_ARRAY_LINES = 80;
const MAX_DEPTH = 6;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

const PATTERN = {
  statement: /\$(config|conf)\s*((?:\[\s*(?:'[^'\n]*'|"[^"\n]*")\s*\]\s*)+)=(?!=)/g,
  keyOf(m: RegExpMatchArray): string | null {
    const keys = [...m[2].matchAll(/['"]([^'"]*)['"]/g)].map((k) => k[1]);
    // Drupal 7 variables: `$conf['smtp_host']` is the SMTP module's setting of the same name.
    if (m[1] === 'conf') return keys.length === 1 && /^smtp_\w+$/.test(keys[0]) ? `smtp.settings|${keys[0]}` : null;
    return CONFIG_OBJECT.test(keys[0]) ? `${keys[0]}|${keys.slice(1).join('.')}` : null;
  },
  secret: (key: string) => isSecretKey(key),
  marker: '$conf',
};

const OPEN_ARRAY = /^(\[|array\s*\()/i;

function child(parent: string, key: string): string {
  return parent.endsWith('|') ? `${parent}${key}` : `${parent}.${key}`;
}

/** The items of one `'k' => v, …` run (a line, or a one-line array's inside), nested one-line arrays included. */
function items(text: string, prefix: string, base: PhpSetting, line: number, depth: number): PhpSetting[] {
  const out: PhpSetting[] = [];
  for (const part of splitTopLevel(text)) {
    const m = /^(['"])([\w.-]+)\1\s*=>\s*([\s\S]*)$/.exec(part);
    if (!m) continue;
    const key = child(prefix, m[2]);
    const raw = m[3].trim();
    const open = OPEN_ARRAY.exec(raw);
    if (open && depth < MAX_DEPTH && closingBracket(raw, open[0].length - 1) === raw.length) {
      out.push(...items(raw.slice(open[0].length, -1), key, base, line, depth + 1));
      continue;
    }
    const text = isSecretKey(key) ? `'${m[2]}' => '***',` : shown(part);
    out.push({ ...base, key, raw, ...phpText(raw), line, text });
  }
  return out;
}

/** An array assigned to a config key, flattened into one setting per leaf; it may run over the following lines. */
function arraySettings(s: PhpSetting, lines: PhpLine[]): PhpSetting[] {
  const open = OPEN_ARRAY.exec(s.raw)!;
  const prefix = s.key;
  if (closingBracket(s.raw, open[0].length - 1) === s.raw.length) return items(s.raw.slice(open[0].length, -1), prefix, s, s.line, 0);
  const out = items(s.raw.slice(open[0].length), prefix, s, s.line, 0);
  const stack = [prefix];
  for (let i = s.index + 1; i < lines.length && i <= s.index + MAX_ARRAY_LINES && stack.length; i++) {
    const text = (s.commented ? lines[i].comment : lines[i].code).trim();
    if (/^[\])]/.test(text)) { stack.pop(); continue; }
    const nested = /^(['"])([\w.-]+)\1\s*=>\s*(\[|array\s*\()\s*$/i.exec(text);
    if (nested) { if (stack.length < MAX_DEPTH) stack.push(child(stack.at(-1)!, nested[2])); continue; }
    out.push(...items(text.replace(/,\s*$/, ''), stack.at(-1)!, s, lines[i].line, stack.length));
  }
  return out;
}

/** Settings of a settings.php: statements, and arrays spread into their leaves. */
export function settingsPhp(content: string, tooMany: (line: number) => void): PhpSetting[] {
  const { settings, lines } = phpSettings(content, PATTERN, tooMany);
  return settings.flatMap((s) => (OPEN_ARRAY.test(s.raw) ? arraySettings(s, lines) : [s]));
}

/** Settings of a config export (`smtp.settings.yml`), named by its file; `# key: value` lines come back commented. */
export function settingsYaml(content: string, configName: string): { settings: PhpSetting[]; flat: FlatYaml } {
  const flat = flattenYamlBounded(content);
  const settings: PhpSetting[] = flat.entries.map((e) => {
    const key = `${configName}|${e.path.join('.')}`;
    const value = e.value === null ? '' : String(e.value);
    return { key, value, raw: value, computed: false, index: e.line - 1, line: e.line, commented: false, text: `${e.path.join('.')}: ${isSecretKey(key) ? "'***'" : e.text}` };
  });
  for (const a of commentedYamlLines(content)) {
    const key = `${configName}|${a.key}`;
    settings.push({ ...a, key, raw: a.value, computed: false, index: a.line - 1, text: isSecretKey(key) ? `# ${a.key}: '***'` : a.text });
  }
  return { settings, flat };
}
