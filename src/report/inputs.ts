// Read whatever stages have run (inventory, plan, results, sandbox fitness). A file that cannot be used becomes an
// InputProblem with its file and line; the report still renders from the others.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { Inventory } from '../inventory/types.js';
import type { LogDay, LogSender, LogTotals } from '../logs/types.js';
import { mergeInventories, parseJsonFile, readInventory } from '../inventory/io.js';
import { emptyTenant } from '../m365/tenant.js';
import { TARGETS, type Plan, type PlanItem } from '../plan/types.js';
import type { FitnessRecord } from '../sandbox/types.js';
import { InputError } from '../util/errors.js';
import type { ItemResult, Results } from '../verify/types.js';
import type { InventoryWithDays } from './charts.js';
import type { InputProblem, ReportInput } from './types.js';
import { isVerifySession } from '../sandbox/types.js';

export interface InputPaths {
  inventory?: string[];
  plan?: string;
  results?: string;
  fitness?: string;
}

export interface ReportInputs {
  inventory: InventoryWithDays | null;
  plan: Plan | null;
  results: Results | null;
  fitness: FitnessRecord[] | null;
  read: ReportInput[];
  problems: InputProblem[];
}

export async function loadReportInputs(paths: InputPaths): Promise<ReportInputs> {
  const inputs: ReportInputs = { inventory: null, plan: null, results: null, fitness: null, read: [], problems: [] };
  const inventories: Inventory[] = [];
  for (const file of paths.inventory ?? []) {
    const inventory = await attempt(inputs, () => readInventoryOrLogs(file));
    if (!inventory) continue;
    inventories.push(inventory);
    inputs.read.push({ stage: 'inventory', file, generatedAt: inventory.generatedAt || null, records: inventory.findings.length + inventory.senders.length + inventory.relays.length });
  }
  if (inventories.length) inputs.inventory = mergeWithDays(inventories);
  if (paths.plan) {
    const file = paths.plan;
    inputs.plan = await attempt(inputs, async () => parsePlan(await readText(file), file));
    if (inputs.plan) inputs.read.push({ stage: 'plan', file, generatedAt: inputs.plan.generatedAt || null, records: inputs.plan.items.length });
  }
  if (paths.results) {
    const file = paths.results;
    inputs.results = await attempt(inputs, async () => parseResults(await readText(file), file));
    if (inputs.results) inputs.read.push({ stage: 'results', file, generatedAt: inputs.results.generatedAt || null, records: inputs.results.items.length });
  }
  if (paths.fitness) {
    const file = paths.fitness;
    const text = await attempt(inputs, () => readText(file));
    if (text !== null) {
      const all = parseFitness(text, file, inputs.problems);
      // relay365 verify's own test sessions against the sandbox say nothing about a device: left out, and counted.
      inputs.fitness = all.filter((r) => !isVerifySession(r));
      const own = all.length - inputs.fitness.length;
      inputs.read.push({ stage: 'fitness', file, generatedAt: all.at(-1)?.at ?? null, records: inputs.fitness.length, ...(own ? { skipped: { count: own, why: 'relay365 verify test sessions' } } : {}) });
    }
  }
  return inputs;
}

/** inventory.json, or the output of `logs --json` (its per-day series kept for the charts). */
async function readInventoryOrLogs(file: string): Promise<InventoryWithDays> {
  const data = parseJsonFile<Record<string, unknown> | null>(await readText(file), file);
  const perDay = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, LogDay> : undefined);
  if (data && typeof data === 'object' && !('findings' in data) && 'totals' in data && Array.isArray(data.senders)) {
    if (data.schemaVersion !== 1) throw new InputError(`unsupported schemaVersion ${JSON.stringify(data.schemaVersion)} (expected 1)`, file, 1);
    return {
      schemaVersion: 1, generatedAt: '', tool: { name: 'relay365', version: 'unknown' }, roots: [], findings: [],
      senders: data.senders as LogSender[], relays: [], warnings: Array.isArray(data.warnings) ? data.warnings as Inventory['warnings'] : [],
      stats: { filesSeen: 0, filesRead: 0, bytesRead: 0, ms: 0 }, logTotals: data.totals as LogTotals, logPerDay: perDay(data.perDay),
    };
  }
  const inventory: InventoryWithDays = await readInventory(file);
  const days = perDay(data?.logPerDay);
  if (days) inventory.logPerDay = days;
  return inventory;
}

function mergeWithDays(list: InventoryWithDays[]): InventoryWithDays {
  const merged: InventoryWithDays = mergeInventories(list);
  const days: Record<string, LogDay> = {};
  for (const inventory of list) {
    for (const [date, d] of Object.entries(inventory.logPerDay ?? {})) {
      const into = days[date] ?? { messages: 0, recipients: 0, deferred: 0, bounced: 0, rejected: 0 };
      for (const key of ['messages', 'recipients', 'deferred', 'bounced', 'rejected'] as const) into[key] += Number(d?.[key]) || 0;
      days[date] = into;
    }
  }
  if (Object.keys(days).length) merged.logPerDay = days;
  return merged;
}

async function attempt<T>(inputs: ReportInputs, load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    inputs.problems.push({ file: error.file ?? '', line: error.line ?? null, message: error.message });
    return null;
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, file);
  }
}

/** plan.yaml → Plan; a syntax error or an item without id/target names its line. */
export function parsePlan(text: string, file: string): Plan {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    // errors about unclosed constructs sit at the end of input: name the last line that has text instead
    const lastLine = text.replace(/\s+$/, '').split('\n').length;
    throw new InputError(`not valid YAML (${syntax.message.split('\n')[0]})`, file, Math.min(lineCounter.linePos(syntax.pos[0]).line, lastLine));
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as Partial<Plan> | null;
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new InputError('not a plan (expected a mapping with items)', file, 1);
  if (data.schemaVersion !== 1) throw new InputError(`unsupported schemaVersion ${JSON.stringify(data.schemaVersion)} (expected 1)`, file, lineOfKey(doc, lineCounter, ['schemaVersion']));
  if (!Array.isArray(data.items)) throw new InputError('not a plan (no items list)', file, lineOfKey(doc, lineCounter, ['items']));
  const items = data.items.map((raw, index) => {
    const item = raw as Partial<PlanItem> | null;
    const line = lineOfKey(doc, lineCounter, ['items', index]);
    if (!item || typeof item !== 'object' || typeof item.id !== 'string' || !item.id) throw new InputError(`items[${index}] has no id`, file, line);
    if (!TARGETS.includes(item.target as PlanItem['target'])) throw new InputError(`items[${index}] (${item.id}) has an unknown target ${JSON.stringify(item.target)}`, file, line);
    if (item.override?.target !== undefined && !TARGETS.includes(item.override.target)) {
      throw new InputError(`items[${index}] (${item.id}) override has an unknown target ${JSON.stringify(item.override.target)}`, file, line);
    }
    return normalisePlanItem(item);
  });
  return {
    schemaVersion: 1,
    generatedAt: typeof data.generatedAt === 'string' ? data.generatedAt : '',
    tenant: { ...emptyTenant(), ...(data.tenant ?? {}) },
    todo: Array.isArray(data.todo) ? data.todo.map(String) : [],
    items,
  };
}

function lineOfKey(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: (string | number)[]): number {
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  return node?.range ? counter.linePos(node.range[0]).line : 1;
}

function normalisePlanItem(item: Partial<PlanItem>): PlanItem {
  const current = item.current ?? ({} as Partial<PlanItem['current']>);
  return {
    id: String(item.id),
    sources: Array.isArray(item.sources) ? item.sources.map(String) : [],
    name: typeof item.name === 'string' && item.name ? item.name : String(item.id),
    ...(item.status ? { status: item.status } : {}),
    current: {
      kind: current.kind ?? 'unknown',
      system: current.system ?? '',
      where: Array.isArray(current.where) ? current.where.map(String) : [],
      host: current.host ?? null,
      port: current.port ?? null,
      security: current.security ?? 'unknown',
      auth: { method: current.auth?.method ?? 'unknown', username: current.auth?.username ?? null },
      from: Array.isArray(current.from) ? current.from.map(String) : [],
      endpointKind: current.endpointKind ?? 'unknown',
      volume: current.volume ?? null,
      maxTls: current.maxTls ?? null,
    },
    target: item.target as PlanItem['target'],
    reason: item.reason ?? '',
    ...(item.rule ? { rule: item.rule } : {}),
    alternatives: Array.isArray(item.alternatives) ? item.alternatives : [],
    settings: item.settings ?? { host: null, port: null, security: 'unknown', auth: 'none', username: null, from: null },
    steps: Array.isArray(item.steps) ? item.steps.filter((s) => s && typeof s.text === 'string') : [],
    patch: item.patch && typeof item.patch.diff === 'string' ? item.patch : null,
    risks: Array.isArray(item.risks) ? item.risks.filter((r) => r && typeof r.text === 'string') : [],
    override: item.override && typeof item.override === 'object' ? item.override : null,
  };
}

/** results.json → Results; an item without id or checks is reported by its index and skipped. */
export function parseResults(text: string, file: string): Results {
  const data = parseJsonFile<Partial<Results> | null>(text, file);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new InputError('not verify results (expected a JSON object)', file, 1);
  if (data.schemaVersion !== 1) throw new InputError(`unsupported schemaVersion ${JSON.stringify(data.schemaVersion)} (expected 1)`, file, 1);
  if (!Array.isArray(data.items)) throw new InputError('not verify results (no items list)', file, 1);
  const items: ItemResult[] = [];
  data.items.forEach((raw, index) => {
    const item = raw as Partial<ItemResult> | null;
    if (!item || typeof item.id !== 'string' || !Array.isArray(item.checks)) {
      throw new InputError(`items[${index}] has no id or no checks`, file, lineOf(text, item?.id) ?? 1);
    }
    items.push({ ...item, checks: item.checks.filter((c) => c && typeof c.name === 'string') } as ItemResult);
  });
  const count = (status: string) => items.filter((i) => i.status === status).length;
  return {
    schemaVersion: 1,
    generatedAt: typeof data.generatedAt === 'string' ? data.generatedAt : '',
    plan: data.plan ?? null,
    send: Boolean(data.send),
    summary: data.summary ?? { total: items.length, pass: count('pass'), fail: count('fail'), warn: count('warn'), skipped: count('skipped') },
    items,
  };
}

function lineOf(text: string, id: string | undefined): number | undefined {
  if (!id) return undefined;
  const at = text.indexOf(JSON.stringify(id));
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

/** fitness.jsonl: one FitnessRecord a line; a bad line is a problem with its line number, the rest still count. */
export function parseFitness(text: string, file: string, problems: InputProblem[]): FitnessRecord[] {
  const records: FitnessRecord[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let record: Partial<FitnessRecord>;
    try {
      record = JSON.parse(line) as Partial<FitnessRecord>;
    } catch (error) {
      problems.push({ file, line: i + 1, message: `${file}:${i + 1}: not valid JSON (${(error as Error).message.slice(0, 80)})` });
      return;
    }
    if (!record || typeof record !== 'object' || typeof record.clientIp !== 'string' || !record.verdict || typeof record.verdict !== 'object') {
      problems.push({ file, line: i + 1, message: `${file}:${i + 1}: not a sandbox session record (no clientIp or verdict)` });
      return;
    }
    records.push({
      at: String(record.at ?? ''), service: record.service ?? 'submission', clientIp: record.clientIp, clientName: record.clientName ?? null,
      tls: record.tls ?? { used: false, protocol: null, cipher: null, refused: null },
      authTried: Array.isArray(record.authTried) ? record.authTried : [], authOutcome: record.authOutcome ?? 'none',
      user: record.user ?? null, mailFrom: record.mailFrom ?? null, rcptTo: Array.isArray(record.rcptTo) ? record.rcptTo : [],
      outcome: record.outcome ?? 'disconnected', reply: record.reply ?? null, verdict: record.verdict,
    });
  });
  return records;
}
