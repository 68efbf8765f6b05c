// .NET Core appsettings*.json mail sections, and the logging sinks that send mail (NLog, log4net, Serilog).
import type { Finding } from '../../../inventory/types.js';
import type { ExtractContext } from '../../detector.js';
import { jsonFindings } from './json.js';
import { loggingFindings } from './logging.js';

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const json = /\.json$/i.test(path.replace(/\.(example|sample|dist|template|default)$/i, '')) || /^\uFEFF?\s*[{[]/.test(content.slice(0, 64));
  const findings = json ? jsonFindings(content, path, ctx) : /<(\w+:)?(target|appender)\b/i.test(content) ? loggingFindings(content, path, ctx) : [];
  return findings.length ? findings : null;
}
