// The renderer registry (STYLE.md: renderers are a registry over one data object).
import { extname } from 'node:path';
import type { ReportFormat, ReportModel } from '../types.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './md.js';

export interface Renderer {
  format: ReportFormat;
  extensions: string[];
  mediaType: string;
  render(model: ReportModel): string;
}

export const RENDERERS: Record<ReportFormat, Renderer> = {
  md: { format: 'md', extensions: ['.md', '.markdown'], mediaType: 'text/markdown; charset=utf-8', render: renderMarkdown },
  html: { format: 'html', extensions: ['.html', '.htm'], mediaType: 'text/html; charset=utf-8', render: renderHtml },
  json: { format: 'json', extensions: ['.json'], mediaType: 'application/json', render: renderJson },
  csv: { format: 'csv', extensions: ['.csv'], mediaType: 'text/csv; charset=utf-8', render: renderCsv },
};

export const REPORT_FORMATS = Object.keys(RENDERERS) as ReportFormat[];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as string[]).includes(value);
}

/** The format an output file's extension names, or null. */
export function formatForPath(path: string): ReportFormat | null {
  const ext = extname(path).toLowerCase();
  return REPORT_FORMATS.find((f) => RENDERERS[f].extensions.includes(ext)) ?? null;
}

export function renderReport(model: ReportModel, format: ReportFormat): string {
  return RENDERERS[format].render(model);
}
