// The patcher contract: one module per config format, target-aware, pure (text in, text out).
import type { Finding } from '../../inventory/types.js';
import type { Tenant } from '../../m365/tenant.js';
import type { Sender } from '../sender.js';
import type { NewSettings, Target } from '../types.js';

export interface PatchInput {
  sender: Sender;
  /** The setting to change (its path, line and value locations). */
  finding: Finding;
  /** The file's text at plan time, when it was readable; null: emit a snippet instead of a diff. */
  content: string | null;
  /** Other files read at plan time, by path (Postfix's sasl_passwd beside main.cf). */
  files: ReadonlyMap<string, string>;
  target: Target;
  settings: NewSettings;
  tenant: Tenant;
}

export interface PatchFile {
  path: string;
  content: string;
  why: string;
}

export interface PatchResult {
  /** The whole patched file (diffed against `content`). */
  text?: string;
  /** What to put in the file when it was not readable at plan time. */
  snippet?: string;
  /** The file the result applies to, when it is not the finding's (ssmtp → a new msmtprc). */
  path?: string;
  /** New files to create beside it (token helper, Graph helper, sasl-xoauth2.conf). */
  files?: PatchFile[];
  /** What a person still has to do by hand. */
  instructions?: string;
  /** 1-based lines of the original file that hold a secret: the diff never shows them. */
  secretLines?: number[];
}

export interface Patcher {
  format: string;
  patch(input: PatchInput): PatchResult | null;
}

/** A value nobody knows yet, written so it cannot be mistaken for a real one. */
export function todo(what: string): string {
  return `<TODO: ${what}>`;
}
