// The log-format registry: one module per format, tried in this order when a file's format is detected.
import type { ParserDefinition } from '../parser.js';
import type { LogFormat } from '../types.js';
import { eacSmtpAuth } from './eac-smtp-auth.js';
import { exchangeReceive } from './exchange-receive.js';
import { exchangeTracking } from './exchange-tracking.js';
import { exim } from './exim.js';
import { iisSmtp } from './iis-smtp.js';
import { postfix } from './postfix.js';
import { sendmail } from './sendmail.js';

/** Self-describing formats (W3C headers, CSV) first, then syslog-style ones. */
export const PARSERS: ParserDefinition[] = [exchangeTracking, exchangeReceive, iisSmtp, eacSmtpAuth, postfix, sendmail, exim];

export function parserFor(format: LogFormat): ParserDefinition {
  const found = PARSERS.find((p) => p.format === format);
  if (!found) throw new Error(`no parser for ${format}`);
  return found;
}

/** Lines that look like syslog ("Nov  2 08:15:01 host prog[pid]:" or RFC 3339): Postfix is the default. */
export const SYSLOG_LINE = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S*) \S+ [\w./-]+(?:\[\d+\])?: /;

/** The format of a file from its first non-empty lines; null when none fits. */
export function detectFormat(lines: string[]): LogFormat | null {
  for (const parser of PARSERS) if (parser.detect(lines)) return parser.format;
  return lines.some((l) => SYSLOG_LINE.test(l)) ? 'postfix' : null;
}
