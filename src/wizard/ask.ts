// Asking one question the wizard's way: a value already known (a flag or a saved answer) is shown, not asked;
// an unattended run takes the default; otherwise the Prompter asks, with the default preselected.
import { UsageError } from '../util/errors.js';
import { paint, type Output } from '../util/term.js';
import { WizardInterrupted, type Choice, type Prompter } from './prompts.js';

export interface Asker {
  /** null: unattended (--yes), every question takes its known value or its default. */
  prompter: Prompter | null;
  out: Output;
  /** Aborted by Ctrl-C outside a question: the next question is not asked. */
  signal?: AbortSignal;
}

function stopIfInterrupted(asker: Asker): void {
  if (asker.signal?.aborted) throw new WizardInterrupted('interrupted');
}

function shown(asker: Asker, message: string, value: string, how: string): void {
  asker.out.info(`${paint(asker.out.color, 'green', '✔')} ${message} ${paint(asker.out.color, 'cyan', value || '(none)')} ${paint(asker.out.color, 'dim', `(${how})`)}`);
}

export async function askText(asker: Asker, message: string, known: string | undefined, fallback: string, validate?: (value: string) => string | true): Promise<string> {
  stopIfInterrupted(asker);
  if (known !== undefined) {
    const problem = validate?.(known);
    if (problem !== undefined && problem !== true) throw new UsageError(`${message} ${JSON.stringify(known)}: ${problem}`);
    shown(asker, message, known, 'given');
    return known;
  }
  if (!asker.prompter) { shown(asker, message, fallback, 'default'); return fallback; }
  return (await asker.prompter.input(message, { default: fallback || undefined, validate })).trim();
}

export function splitList(text: string): string[] {
  return text.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
}

/** A comma-separated list; each item checked by `validate`. */
export async function askList(asker: Asker, message: string, known: string[] | undefined, fallback: string[], validate?: (item: string) => string | true): Promise<string[]> {
  const check = validate ? (text: string) => splitList(text).map(validate).find((r) => r !== true) ?? true : undefined;
  const text = await askText(asker, message, known?.join(', '), fallback.join(', '), check);
  return splitList(text);
}

export async function askYesNo(asker: Asker, message: string, known: boolean | undefined, fallback: boolean): Promise<boolean> {
  stopIfInterrupted(asker);
  if (known !== undefined) { shown(asker, message, known ? 'yes' : 'no', 'given'); return known; }
  if (!asker.prompter) { shown(asker, message, fallback ? 'yes' : 'no', 'default'); return fallback; }
  return asker.prompter.confirm(message, fallback);
}

export async function askChoice<T extends string>(asker: Asker, message: string, known: T | undefined, choices: Choice<T>[], fallback: T): Promise<T> {
  stopIfInterrupted(asker);
  if (known !== undefined) {
    if (!choices.some((c) => c.value === known)) throw new UsageError(`${message} ${JSON.stringify(known)}: expected one of ${choices.map((c) => c.value).join(', ')}`);
    shown(asker, message, known, 'given');
    return known;
  }
  if (!asker.prompter) { shown(asker, message, fallback, 'default'); return fallback; }
  return asker.prompter.select(message, choices, fallback);
}
