// Compose interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `$VAR`, `$$` (a literal `$`).
// Hand-written: compose's own resolver needs the shell environment; we only need which variable and which default.

export interface Interpolated {
  /** The value with defaults filled in; null when a variable without a default decides it. */
  value: string | null;
  /** `env:NAME` of the first variable used. */
  ref?: string;
  /** Every variable used has a default (compose falls back to it when nothing defines the variable). */
  defaulted?: boolean;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export function interpolate(raw: string): Interpolated {
  if (!raw.includes('$')) return { value: raw };
  let first: string | undefined;
  let missing = false;
  const value = raw.replace(REFERENCE, (whole, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare!;
    first ??= name;
    if (op === ':-' || op === '-') return arg ?? '';
    missing = true;
    return whole;
  });
  if (!first) return { value };
  return missing ? { value: null, ref: `env:${first}` } : { value, ref: `env:${first}`, defaulted: true };
}
