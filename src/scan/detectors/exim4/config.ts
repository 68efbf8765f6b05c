// Exim's configuration language: `begin routers|transports|authenticators`, `name:` blocks, `option = value`
// (a trailing `\` continues the line), upper-case macros, `#` comments only at the start of a line.
import { splitLines, unquote } from '../../values.js';

export interface EximOption { key: string; value: string; line: number; text: string; commented: boolean }

export interface EximBlock {
  section: string;
  name: string;
  line: number;
  options: EximOption[];
}

export interface EximConfig { blocks: EximBlock[]; macros: Map<string, EximOption> }

const MAX_CONTINUATION = 200;

/** Debian's split config keeps each section in a folder (conf.d/router/…): the folder names the section. */
export function sectionOfPath(path: string): string {
  const m = /conf\.d\/(main|acl|router|transport|auth|retry|rewrite)\//.exec(path.replace(/\\/g, '/'));
  if (!m) return 'main';
  return ({ router: 'routers', transport: 'transports', auth: 'authenticators' } as Record<string, string>)[m[1]] ?? m[1];
}

export function parseEximConfig(content: string, section = 'main'): EximConfig {
  const config: EximConfig = { blocks: [], macros: new Map() };
  let block: EximBlock = { section, name: '', line: 0, options: [] };
  config.blocks.push(block);
  const lines = splitLines(content);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const parts = [lines[i]];
    while (parts.at(-1)!.endsWith('\\') && i + 1 < lines.length && parts.length < MAX_CONTINUATION) {
      parts[parts.length - 1] = parts.at(-1)!.slice(0, -1);
      parts.push(lines[++i].trim());
    }
    const raw = parts.join(' ');
    const commented = /^\s*#/.test(raw);
    const text = raw.replace(/^\s*#+\s?/, '').trim();
    if (!commented) {
      const begin = /^begin\s+(\w+)/.exec(text);
      if (begin) { block = { section: begin[1], name: '', line, options: [] }; config.blocks.push(block); continue; }
      const name = /^([A-Za-z0-9_][\w-]*):\s*$/.exec(raw);
      if (name && block.section !== 'main') { block = { section: block.section, name: name[1], line, options: [] }; config.blocks.push(block); continue; }
    }
    const option = /^(?:hide\s+)?([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(text);
    if (!option) continue;
    const entry = { key: option[1], value: option[2].trim(), line, text: text.slice(0, 300), commented };
    if (/^[A-Z][A-Za-z0-9_]*$/.test(entry.key)) { if (!commented) config.macros.set(entry.key, entry); continue; }
    block.options.push(entry);
  }
  return config;
}

export function option(block: EximBlock, key: string): EximOption | undefined {
  return block.options.filter((o) => o.key === key && !o.commented).at(-1);
}

/** A macro name in place of a value, expanded one level when the macro is known. */
export function expandMacro(value: string, macros: Map<string, EximOption>): string {
  return value.replace(/\b[A-Z][A-Za-z0-9_]*\b/g, (name) => macros.get(name)?.value ?? name);
}

/** The route items of a `route_list` (`;`-separated, each "domains hosts options"), quotes removed. */
export function routeItems(value: string): { domains: string; hosts: string }[] {
  return unquote(value).split(';').slice(0, 64).map((item) => item.trim().split(/\s+/)).filter((t) => t.length >= 2).map((t) => ({ domains: t[0], hosts: unquote(t[1]) }));
}

export interface ClientCredentials { username: string | null; literal: boolean; line: number; path: string }

/**
 * A client authenticator's credentials: literal `client_send = ^user^pass` / `: user : pass`, cram_md5 `client_name`/
 * `client_secret`, spa `client_username`/`client_password`; expansions (passwd.client lookups) are not literal. Secrets go to `register`.
 */
export function clientCredentials(block: EximBlock, path: string, register: (secret: string) => void): ClientCredentials | null {
  const send = option(block, 'client_send');
  const name = option(block, 'client_name') ?? option(block, 'client_username');
  const secret = option(block, 'client_secret') ?? option(block, 'client_password');
  const first = send ?? name ?? secret;
  if (!first) return null;
  const all = [send, name, secret].filter((o): o is EximOption => o !== undefined);
  if (all.some((o) => o.value.includes('$'))) {
    return { username: null, literal: false, line: first.line, path };
  }
  if (send) {
    const parts = unquote(send.value).replace(/^<\s*\S\s*/, '').split(/[:^]/).map((p) => p.trim()).filter(Boolean);
    for (const p of parts.slice(1)) register(p);
    return { username: parts[0] ?? null, literal: true, line: send.line, path };
  }
  if (secret) register(unquote(secret.value));
  return { username: name ? unquote(name.value) : null, literal: true, line: first.line, path };
}
