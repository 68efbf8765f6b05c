// The one module that talks to inquirer. Everything else asks through a Prompter, so tests can script the
// answers and the same flow runs unattended (answers from flags or a file) without a terminal.
import inquirer from 'inquirer';

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
}

export interface Prompter {
  input(message: string, options?: { default?: string; validate?: (value: string) => string | true }): Promise<string>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
  select<T extends string>(message: string, choices: Choice<T>[], defaultValue?: T): Promise<T>;
}

/** Ctrl-C: while a question was open (or the terminal closed), or between steps. */
export class WizardInterrupted extends Error {
  override name = 'WizardInterrupted';
}

// inquirer rejects with ExitPromptError on Ctrl-C and AbortPromptError when aborted; both end the wizard.
function interrupted(error: unknown): never {
  const name = (error as Error | null)?.name;
  if (name === 'ExitPromptError' || name === 'AbortPromptError') throw new WizardInterrupted('interrupted');
  throw error;
}

async function ask<T>(question: Record<string, unknown>): Promise<T> {
  try {
    // inquirer's question typing is a deep union; the shapes passed here are its documented ones
    const answers = await inquirer.prompt([{ name: 'value', ...question } as never]) as { value: T };
    return answers.value;
  } catch (error) {
    return interrupted(error);
  }
}

/** Questions on the terminal through inquirer. */
export function terminalPrompter(): Prompter {
  return {
    input: (message, options = {}) => ask<string>({ type: 'input', message, default: options.default, validate: options.validate }),
    confirm: (message, defaultValue) => ask<boolean>({ type: 'confirm', message, default: defaultValue }),
    select: (message, choices, defaultValue) => ask({ type: 'select', message, choices, default: defaultValue, pageSize: Math.min(12, choices.length) }),
  };
}

/** Answers given in order (tests): a string for input and select, a boolean for confirm; undefined takes the default. */
export function scriptedPrompter(script: (string | boolean | undefined)[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = (message: string): string | boolean | undefined => {
    asked.push(message);
    if (!script.length) throw new Error(`the script ran out of answers at: ${message}`);
    return script.shift();
  };
  return {
    asked,
    async input(message, options = {}) {
      const value = next(message);
      const text = value === undefined ? options.default ?? '' : String(value);
      const valid = options.validate?.(text) ?? true;
      if (valid !== true) throw new Error(`scripted answer ${JSON.stringify(text)} to "${message}" is invalid: ${valid}`);
      return text;
    },
    async confirm(message, defaultValue) {
      const value = next(message);
      return value === undefined ? defaultValue : value === true || value === 'y';
    },
    async select(message, choices, defaultValue) {
      const value = next(message);
      const picked = value === undefined ? defaultValue ?? choices[0]?.value : choices.find((c) => c.value === value)?.value;
      if (picked === undefined) throw new Error(`scripted answer ${JSON.stringify(value)} is not a choice of "${message}"`);
      return picked;
    },
  };
}
