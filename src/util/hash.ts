import { createHash } from 'node:crypto';

/** A short stable id: 12 hex digits of sha256 over the parts. */
export function stableId(...parts: (string | number | null | undefined)[]): string {
  return createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\u0000')).digest('hex').slice(0, 12);
}
