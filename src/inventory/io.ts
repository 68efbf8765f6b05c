// Read and write inventory.json: versioned, validated, atomic, scrubbed of every known secret.
import { readFile } from 'node:fs/promises';
import { InputError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { scrubKnownSecrets } from '../scan/redact.js';
import { SCHEMA_VERSION, type Inventory } from './types.js';

export function serializeInventory(inventory: Inventory, secrets: Iterable<string> = []): string {
  return scrubKnownSecrets(`${JSON.stringify(inventory, null, 2)}\n`, secrets);
}

export async function writeInventory(path: string, inventory: Inventory, secrets: Iterable<string> = []): Promise<void> {
  await writeFileAtomic(path, serializeInventory(inventory, secrets));
}

/** Parse JSON, turning a syntax error into an InputError with the file and line. */
export function parseJsonFile<T>(text: string, path: string): T {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as T;
  } catch (error) {
    const message = (error as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw new InputError(`not valid JSON (${message.replace(/^.*?: /, '').slice(0, 120)})`, path, line);
  }
}

export async function readInventory(path: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read inventory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, path);
  }
  const data = parseJsonFile<Partial<Inventory>>(text, path);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new InputError('not an inventory (expected a JSON object)', path, 1);
  if (data.schemaVersion !== SCHEMA_VERSION) throw new InputError(`unsupported schemaVersion ${JSON.stringify(data.schemaVersion)} (expected ${SCHEMA_VERSION})`, path, 1);
  // Unknown fields from newer stages are kept, not dropped: the report reads what it knows.
  return {
    ...data,
    schemaVersion: SCHEMA_VERSION,
    generatedAt: data.generatedAt ?? '',
    tool: data.tool ?? { name: 'relay365', version: 'unknown' },
    roots: data.roots ?? [],
    findings: Array.isArray(data.findings) ? data.findings : [],
    senders: Array.isArray(data.senders) ? data.senders : [],
    relays: Array.isArray(data.relays) ? data.relays : [],
    warnings: Array.isArray(data.warnings) ? data.warnings : [],
    stats: data.stats ?? { filesSeen: 0, filesRead: 0, bytesRead: 0, ms: 0 },
  };
}

/** Merge several inventories (from many servers) into one. */
export function mergeInventories(list: Inventory[]): Inventory {
  if (list.length === 1) return list[0];
  const byId = <T extends { id: string }>(items: T[]) => [...new Map(items.map((i) => [i.id, i])).values()];
  return {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: new Date().toISOString(),
    tool: list[0]?.tool ?? { name: 'relay365', version: 'unknown' },
    roots: list.flatMap((i) => i.roots),
    findings: byId(list.flatMap((i) => i.findings)),
    senders: byId(list.flatMap((i) => i.senders)),
    relays: list.flatMap((i) => i.relays),
    warnings: list.flatMap((i) => i.warnings),
    stats: list.reduce((a, i) => ({ filesSeen: a.filesSeen + i.stats.filesSeen, filesRead: a.filesRead + i.stats.filesRead, bytesRead: a.bytesRead + i.stats.bytesRead, ms: a.ms + i.stats.ms }), { filesSeen: 0, filesRead: 0, bytesRead: 0, ms: 0 }),
    manual: list.flatMap((i) => i.manual ?? []),
  };
}
