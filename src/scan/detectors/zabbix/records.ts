// Zabbix media type exports (Zabbix 5.0+: XML, YAML or JSON; `media_types:` items) as flat records of their fields.
import { flattenYamlBounded, jsonScalars, xmlLeaves } from '../../values.js';

export interface Value { value: string; line: number; text: string }

export interface MediaType {
  values: Map<string, Value>;
  line: number;
  /** SQL dumps without a column list: the Zabbix 3.0+ column order was assumed. */
  columnsAssumed?: boolean;
}

function group(items: { path: string[]; value: string; line: number; text: string }[], warn: (message: string, line?: number) => void): MediaType[] {
  const records = new Map<string, MediaType>();
  for (const item of items) {
    const at = item.path.lastIndexOf('media_types');
    if (at < 0 || item.path.length !== at + 3) continue;
    const id = item.path.slice(0, at + 2).join('/');
    const record = records.get(id) ?? { values: new Map(), line: item.line };
    record.values.set(item.path[at + 2], { value: item.value, line: item.line, text: `${item.path[at + 2]}: ${item.text}` });
    records.set(id, record);
  }
  if (!records.size && items.some((i) => i.path.includes('smtp_server'))) warn('smtp_server outside a media_types list: not a Zabbix export layout this detector knows');
  return [...records.values()];
}

export function exportMediaTypes(content: string, path: string, warn: (message: string, line?: number) => void): MediaType[] {
  const lower = path.toLowerCase();
  if (lower.endsWith('.xml')) {
    const { leaves, complete } = xmlLeaves(content);
    if (!complete) warn('XML ends early (truncated?)');
    // XML exports wrap each item: <media_types><media_type>…: drop the item element so the layout matches YAML/JSON.
    const items = leaves.filter((l) => !l.commented).map((l) => {
      const at = l.path.lastIndexOf('media_types');
      const path = at >= 0 && l.path[at + 1] === 'media_type' ? [...l.path.slice(0, at + 1), `g${l.group}`, ...l.path.slice(at + 2)] : l.path;
      return { path, value: l.value, line: l.line, text: l.value };
    });
    return group(items, warn);
  }
  if (lower.endsWith('.json')) {
    const { scalars, error } = jsonScalars(content);
    if (error) warn(`JSON: ${error.message}`, error.line);
    return group(scalars.map((s) => ({ path: s.path, value: s.value === null ? '' : String(s.value), line: s.line, text: s.text })), warn);
  }
  const flat = flattenYamlBounded(content);
  for (const e of flat.errors.slice(0, 3)) warn(`YAML: ${e.message}`, e.line ?? undefined);
  if (flat.tooDeep) warn('YAML nested too deeply; deeper settings were not read');
  return group(flat.entries.map((e) => ({ path: e.path, value: e.value === null ? '' : String(e.value), line: e.line, text: e.text })), warn);
}
