// Markdown: the same model through templates/report/md/*.eta. The engine's escape function is Markdown-aware,
// so a scanned value can open no link, emphasis, table cell or HTML tag; code spans and fences are built here.
import type { ReportModel } from '../types.js';
import { engineFor } from './engine.js';
import { createHelpers } from './helpers.js';

/** Inline text: HTML specials become entities, Markdown punctuation is backslash-escaped, lines are joined. */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#])/g, '\\$1')
    .replace(/\s*\r?\n\s*/g, ' ');
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  for (const run of text.match(new RegExp(`${char === '`' ? '`' : '~'}+`, 'g')) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/** A fenced block no content can close early: the fence is longer than any backtick run inside. */
export function fence(text: string, lang = ''): string {
  const ticks = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${ticks}${lang}\n${text.replace(/\r\n?/g, '\n').replace(/\n$/, '')}\n${ticks}`;
}

/** An inline code span safe inside a table cell. */
export function code(text: string | null | undefined): string {
  if (!text) return '—';
  const flat = text.replace(/\s*\r?\n\s*/g, ' ').replace(/\|/g, '\\|');
  const ticks = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

export function renderMarkdown(model: ReportModel): string {
  const view = { m: model, h: { ...createHelpers(model), fence, code } };
  return `${engineFor('md', escapeMarkdown).render('./md/report', view).replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
