// The wizard's answers: what a person answered (or a flag said), saved as YAML to replay later (`--answers`).
// Never a secret: the client secret is named by its environment variable, the certificate by its path.
// Relative paths in an answers file are relative to that file, so a saved session moves with its folder.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { isMap, LineCounter, parseDocument, stringify } from 'yaml';
import { CLOUDS, type Cloud } from '../m365/endpoints.js';
import { TARGETS, type Target } from '../plan/types.js';
import { writeFileAtomic } from '../util/atomic.js';
import { InputError } from '../util/errors.js';

export interface TargetChoice { target: Target; notes?: string }

export interface WizardAnswers {
  out?: string;
  scan?: { paths?: string[]; logs?: string[]; probe?: string[]; internalDomains?: string[] };
  /** devices.yaml with the hand-entered devices ('' when there are none). */
  devices?: string;
  tenant?: {
    file?: string;                    // tenant.yaml to start from (its endpoints block is kept)
    id?: string;                      // tenant id (GUID) or a domain
    cloud?: Cloud;
    acceptedDomains?: string[];
    clientId?: string;
    credential?: 'certificate' | 'secret';
    certificatePath?: string;
    secretEnv?: string;
    testRecipient?: string;
  };
  /** Per sender (by name or plan item id): the target chosen, when it differs from the planner's. */
  targets?: Record<string, Target | TargetChoice>;
  validate?: { send?: boolean; confirm?: boolean };
}

const PATH_KEYS: [keyof NonNullable<WizardAnswers['scan']>, boolean][] = [['paths', true], ['logs', true], ['probe', false], ['internalDomains', false]];
const SECRET_KEY = /secret(?!Env)|passw|pwd|token|private.?key|api.?key/i;

/** Read an answers file: YAML, no secrets, paths made absolute against the file's folder. */
export async function readAnswers(file: string): Promise<WizardAnswers> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the answers file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, file);
  }
  return parseAnswers(text, file);
}

export function parseAnswers(text: string, file: string): WizardAnswers {
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) throw new InputError(`not valid YAML (${doc.errors[0].message.split('\n')[0]})`, file, lines.linePos(doc.errors[0].pos[0]).line);
  if (doc.contents === null) return {};
  if (!isMap(doc.contents)) throw new InputError('expected a mapping of answers (out:, scan:, tenant:, …)', file, 1);
  const secret = findSecretKey(doc.contents.toJSON() as Record<string, unknown>);
  if (secret) throw new InputError(`${secret} looks like a secret, and answers files never hold secrets: name the environment variable instead (tenant.secretEnv)`, file);
  const data = doc.contents.toJSON() as WizardAnswers;
  for (const [name, choice] of Object.entries(data.targets ?? {})) {
    const target = typeof choice === 'string' ? choice : choice?.target;
    if (!TARGETS.includes(target as Target)) {
      const node = doc.getIn(['targets', name], true) as { range?: number[] } | undefined;
      throw new InputError(`targets.${name}: ${JSON.stringify(target ?? null)} is not one of ${TARGETS.join(', ')}`, file, node?.range ? lines.linePos(node.range[0]).line : undefined);
    }
  }
  if (data.tenant?.cloud !== undefined && !(data.tenant.cloud in CLOUDS)) throw new InputError(`tenant.cloud: expected one of ${Object.keys(CLOUDS).join(', ')}`, file);
  return absolutise(data, dirname(resolve(file)));
}

function findSecretKey(value: unknown, prefix = ''): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (prefix !== 'targets.' && SECRET_KEY.test(key) && inner !== null && inner !== '') return `${prefix}${key}`;
    const found = findSecretKey(inner, `${prefix}${key}.`);
    if (found) return found;
  }
  return null;
}

function mapPaths(answers: WizardAnswers, map: (path: string) => string): WizardAnswers {
  const copy: WizardAnswers = structuredClone(answers);
  if (copy.out) copy.out = map(copy.out);
  if (copy.devices) copy.devices = map(copy.devices);
  if (copy.tenant?.file) copy.tenant.file = map(copy.tenant.file);
  if (copy.tenant?.certificatePath) copy.tenant.certificatePath = map(copy.tenant.certificatePath);
  for (const [key, isPath] of PATH_KEYS) {
    const list = copy.scan?.[key];
    if (isPath && Array.isArray(list)) copy.scan![key] = list.map(String).map(map);
  }
  return copy;
}

export function absolutise(answers: WizardAnswers, base: string): WizardAnswers {
  return mapPaths(answers, (p) => (isAbsolute(p) ? p : resolve(base, p)));
}

/** Paths inside the answers file's folder are written relative to it (they move with it); others stay absolute. */
function relativeInside(base: string, path: string): string {
  if (!isAbsolute(path)) return path;
  const inner = relative(base, path);
  return inner.startsWith('..') || isAbsolute(inner) ? path : inner || '.';
}

const ORDER: (keyof WizardAnswers)[] = ['out', 'scan', 'devices', 'tenant', 'targets', 'validate'];

export function renderAnswers(answers: WizardAnswers, file: string): string {
  const base = dirname(resolve(file));
  const mapped = mapPaths(answers, (p) => relativeInside(base, p));
  const relativeTo = Object.fromEntries(ORDER.filter((key) => mapped[key] !== undefined).map((key) => [key, mapped[key]]));
  const header = [
    '# relay365 wizard answers: replay with `relay365 wizard --answers <this file>` (add --yes to run unattended).',
    '# No secrets: the client secret stays in the environment variable named by tenant.secretEnv.',
    '# Paths are relative to this file.',
  ];
  return `${header.join('\n')}\n${stringify(relativeTo, { lineWidth: 0 })}`;
}

export async function writeAnswers(file: string, answers: WizardAnswers): Promise<void> {
  await writeFileAtomic(file, renderAnswers(answers, file));
}

/** The target a person chose for a sender, looked up by item id, then by name (names survive a move of the tree). */
export function chosenTarget(answers: WizardAnswers, item: { id: string; name: string }): TargetChoice | null {
  const raw = answers.targets?.[item.id] ?? answers.targets?.[item.name];
  if (!raw) return null;
  return typeof raw === 'string' ? { target: raw } : raw;
}
