// `INSERT INTO media_type (…) VALUES (…),(…);` rows of a Zabbix database dump (mysqldump, pg_dump --inserts, the
// schema's data.sql). Hand-written: no SQL parser is installed and only literal tuples are needed.
import { lineIndex } from '../../values.js';
import type { MediaType } from './records.js';

// Column order of media_type since Zabbix 3.0 (later versions append columns): used when a dump omits the list.
const DEFAULT_COLUMNS = ['mediatypeid', 'type', 'name', 'smtp_server', 'smtp_helo', 'smtp_email', 'exec_path', 'gsm_modem', 'username', 'passwd', 'status', 'smtp_port', 'smtp_security', 'smtp_verify_peer', 'smtp_verify_host', 'smtp_authentication'];
const MAX_ROWS = 2000;

interface Literal { value: string | null; at: number }

/** One SQL literal at `i`: '…' ('' and \' escapes), a number, NULL. Returns the index after it. */
function literal(text: string, i: number): [Literal, number] | null {
  while (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t') i++;
  const start = i;
  if (text[i] === "'") {
    let out = '';
    for (i++; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') { out += text[++i] ?? ''; continue; }
      if (c === "'") { if (text[i + 1] === "'") { out += "'"; i++; continue; } return [{ value: out, at: start }, i + 1]; }
      out += c;
    }
    return null;
  }
  const word = /^[-+.\w]+/.exec(text.slice(i, i + 64));
  if (!word) return null;
  return [{ value: /^null$/i.test(word[0]) ? null : word[0], at: start }, i + word[0].length];
}

/** The media types written by INSERT statements, with the line of each value. */
export function sqlMediaTypes(content: string): MediaType[] {
  const found: MediaType[] = [];
  const lineOf = lineIndex(content);
  const insert = /insert\s+into\s+(?:[`"]?\w+[`"]?\.)?[`"]?media_type[`"]?\s*(?:\(([^)]{1,2000})\)\s*)?values\s*/gi;
  for (let m = insert.exec(content); m && found.length < MAX_ROWS; m = insert.exec(content)) {
    const columns = m[1] ? m[1].split(',').map((c) => c.trim().replace(/[`"]/g, '').toLowerCase()) : DEFAULT_COLUMNS;
    let i = insert.lastIndex;
    while (content[i] === '(' && found.length < MAX_ROWS) {
      const record: MediaType = { values: new Map(), line: lineOf(i), columnsAssumed: !m[1] };
      i++;
      for (let col = 0; ; col++) {
        const read = literal(content, i);
        if (!read) return found;
        const [lit, next] = read;
        const name = columns[col];
        if (name && lit.value !== null) record.values.set(name, { value: lit.value, line: lineOf(lit.at), text: `${name} = '${lit.value}'` });
        i = next;
        while (content[i] === ' ' || content[i] === '\n' || content[i] === '\r') i++;
        if (content[i] === ',') { i++; continue; }
        if (content[i] === ')') { i++; break; }
        return found;
      }
      found.push(record);
      while (content[i] === ' ' || content[i] === '\n' || content[i] === '\r' || content[i] === ',') i++;
    }
    insert.lastIndex = i;
  }
  return found;
}
