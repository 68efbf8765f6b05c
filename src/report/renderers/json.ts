// JSON: the report model itself (schemaVersion 1, documented in src/report/README.md).
import type { ReportModel } from '../types.js';

export function renderJson(model: ReportModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
