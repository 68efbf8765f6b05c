// Formatting helpers the templates call (`it.h.…`): dates, numbers, labels, anchors. Pure and format-neutral.
import { blockerLabel, endpointLabel, kindLabel, targetLabel } from '../labels.js';
import type { ReportModel } from '../types.js';

const STATUS_LABELS: Record<string, string> = {
  ready: 'Ready', pending: 'Pending', blocked: 'Blocked', skipped: 'Skipped',
  pass: 'Pass', fail: 'Fail', warn: 'Warning', 'not-run': 'Not verified', incomplete: 'Incomplete',
  high: 'High', medium: 'Medium', low: 'Low',
};

export interface Helpers {
  date(iso: string | null | undefined): string;
  day(iso: string | null | undefined): string;
  num(n: number | null | undefined): string;
  hostPort(host: string | null | undefined, port: number | null | undefined): string;
  orDash(value: unknown): string;
  yesNo(value: boolean | null | undefined): string;
  list(values: (string | null | undefined)[] | null | undefined): string;
  status(status: string): string;
  target(target: string | null | undefined): string;
  kind(kind: string): string;
  endpoint(kind: string): string;
  blocker(code: string): string;
  anchor(senderId: string | null | undefined): string | null;
  lines(text: string | null | undefined): string[];
}

export function createHelpers(model: ReportModel): Helpers {
  const anchors = new Map(model.senders.map((s, i) => [s.id, `sender-${i + 1}`]));
  return {
    date(iso) {
      if (!iso) return '—';
      const t = Date.parse(iso);
      return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    },
    day(iso) {
      if (!iso) return '—';
      const t = Date.parse(iso);
      return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(0, 10);
    },
    num(n) {
      return typeof n === 'number' && Number.isFinite(n) ? n.toLocaleString('en-US') : '—';
    },
    hostPort(host, port) {
      return host ? `${host}${port ? `:${port}` : ''}` : '—';
    },
    orDash(value) {
      return value === null || value === undefined || value === '' ? '—' : String(value);
    },
    yesNo(value) {
      return value === true ? 'yes' : value === false ? 'no' : 'unknown';
    },
    list(values) {
      const kept = (values ?? []).filter((v): v is string => Boolean(v));
      return kept.length ? kept.join(', ') : '—';
    },
    status: (status) => STATUS_LABELS[status] ?? status,
    target: (target) => targetLabel(target ?? 'unplanned'),
    kind: kindLabel,
    endpoint: endpointLabel,
    blocker: blockerLabel,
    anchor: (senderId) => (senderId ? anchors.get(senderId) ?? null : null),
    lines: (text) => (text ? text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n') : []),
  };
}
