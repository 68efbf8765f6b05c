// Typed errors: commands throw these; only src/cli/main.ts turns them into exit codes.

/** Bad flags or arguments: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Input that cannot be used (missing or malformed file): exit 2. `file`/`line` point at it. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(message: string, readonly file?: string, readonly line?: number) {
    super(file ? `${file}${line ? `:${line}` : ''}: ${message}` : message);
  }
}

/** Checks ran and something failed: exit 1. */
export class ChecksFailed extends Error {
  override name = 'ChecksFailed';
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof InputError) return 2;
  if (error instanceof ChecksFailed) return 1;
  return 2;
}
