// Geometry for the HTML report's inline SVG: bar charts, per-day columns and the mail-flow diagram.
// Hand-written: a chart library would have to be inlined whole to keep the file offline; these are a few lines.
// Only numbers and plain strings come out; templates draw the markup, so the engine escapes every label.
import type { CountRow, DailyPoint, FlowGraph, Tone } from '../types.js';

const CHAR_PX = 7;                     // a generous average glyph width of the 12 px system sans-serif

export function fit(text: string, px: number): string {
  const max = Math.max(4, Math.floor(px / CHAR_PX));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export interface BarGeometry { y: number; label: string; title: string; width: number; value: string; valueX: number }
export interface BarChart { width: number; height: number; labelWidth: number; barHeight: number; bars: BarGeometry[] }

/** Horizontal bars, one row per entry, scaled to the largest value. */
export function horizontalBars(rows: { label: string; value: number }[], width = 460): BarChart {
  const labelWidth = Math.round(Math.min(width * 0.45, Math.max(80, Math.max(0, ...rows.map((r) => r.label.length)) * CHAR_PX + 16)));
  const barHeight = 18;
  const gap = 8;
  const valueRoom = 56;
  const span = width - labelWidth - valueRoom;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const bars = rows.map((r, i) => {
    const w = r.value > 0 ? Math.max(2, round((r.value / max) * span)) : 0;
    return { y: i * (barHeight + gap), label: fit(r.label, labelWidth - 8), title: `${r.label}: ${r.value.toLocaleString('en-US')}`, width: w, value: r.value.toLocaleString('en-US'), valueX: round(labelWidth + w + 6) };
  });
  return { width, height: Math.max(barHeight, rows.length * (barHeight + gap) - gap), labelWidth, barHeight, bars };
}

export function countBars(rows: CountRow[], label: (key: string) => string, width?: number): BarChart {
  return horizontalBars(rows.map((r) => ({ label: label(r.key), value: r.count })), width);
}

export interface ColumnSegment { y: number; height: number; series: string; title: string }
export interface ColumnGeometry { x: number; width: number; segments: ColumnSegment[]; label: string | null }
export interface ColumnChart {
  width: number; height: number;
  plot: { x: number; y: number; width: number; height: number };
  columns: ColumnGeometry[];
  ticks: { y: number; label: string }[];
  series: { key: string; label: string }[];
}

function niceMax(max: number): number {
  if (max <= 5) return Math.max(1, Math.ceil(max));
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s * 4 >= max) ?? power * 10;
  return Math.ceil(max / step) * step;
}

/** Stacked columns per day for the chosen series; every k-th date labelled so labels never overlap. */
export function dailyColumns(days: DailyPoint[], series: { key: keyof Omit<DailyPoint, 'date'>; label: string }[], width = 940): ColumnChart {
  const plot = { x: 48, y: 8, width: width - 56, height: 160 };
  const height = plot.y + plot.height + 28;
  const totals = days.map((d) => series.reduce((n, s) => n + d[s.key], 0));
  const max = niceMax(Math.max(0, ...totals));
  const slot = plot.width / Math.max(1, days.length);
  const colWidth = Math.max(2, round(slot * 0.72));
  const every = Math.max(1, Math.ceil(days.length / Math.floor(plot.width / 56)));
  const columns = days.map((d, i) => {
    let top = plot.y + plot.height;
    const segments = series.filter((s) => d[s.key] > 0).map((s) => {
      const h = Math.max(1, round((d[s.key] / max) * plot.height));
      top = round(top - h);
      return { y: top, height: h, series: s.key, title: `${d.date}: ${d[s.key].toLocaleString('en-US')} ${s.label.toLowerCase()}` };
    });
    return { x: round(plot.x + i * slot + (slot - colWidth) / 2), width: colWidth, segments, label: i % every === 0 ? d.date.slice(5) : null };
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ y: round(plot.y + plot.height - f * plot.height), label: Math.round(f * max).toLocaleString('en-US') }));
  return { width, height, plot, columns, ticks, series: series.map((s) => ({ key: s.key, label: s.label })) };
}

export interface FlowBox { x: number; y: number; width: number; height: number; label: string; detail: string; title: string; tone: Tone; count: number }
export interface FlowLayout { width: number; height: number; columns: { x: number; title: string }[]; boxes: FlowBox[]; links: { d: string; tone: Tone }[] }

const COLUMN_X = [8, 368, 704];
const COLUMN_W = [252, 232, 196];
const BOX_H = 40;
const BOX_GAP = 10;
const TOP = 28;

/** Three columns of boxes joined by curves; each column centred on the tallest one. */
export function flowLayout(graph: FlowGraph, titles: [string, string, string]): FlowLayout {
  const byColumn = [0, 1, 2].map((c) => graph.nodes.filter((n) => n.column === c));
  const tallest = Math.max(1, ...byColumn.map((c) => c.length));
  const inner = tallest * (BOX_H + BOX_GAP) - BOX_GAP;
  const where = new Map<string, FlowBox>();
  const boxes: FlowBox[] = [];
  byColumn.forEach((nodes, c) => {
    const offset = TOP + (inner - (nodes.length * (BOX_H + BOX_GAP) - BOX_GAP)) / 2;
    nodes.forEach((n, i) => {
      const counted = n.count > 1 && c === 0 ? ` (${n.count})` : '';
      const box: FlowBox = {
        x: COLUMN_X[c], y: round(offset + i * (BOX_H + BOX_GAP)), width: COLUMN_W[c], height: BOX_H,
        label: fit(`${n.label}${counted}`, COLUMN_W[c] - 16), detail: fit(n.detail ?? '', COLUMN_W[c] - 16),
        title: [n.label, n.detail].filter(Boolean).join(' · ') + (n.count > 1 ? ` · ${n.count} senders` : ''), tone: n.tone, count: n.count,
      };
      where.set(n.id, box);
      boxes.push(box);
    });
  });
  const links = graph.edges.flatMap((e) => {
    const a = where.get(e.from);
    const b = where.get(e.to);
    if (!a || !b) return [];
    const x1 = a.x + a.width;
    const y1 = round(a.y + a.height / 2);
    const x2 = b.x;
    const y2 = round(b.y + b.height / 2);
    const mid = round((x1 + x2) / 2);
    return [{ d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 6},${y2}`, tone: e.tone }];
  });
  return {
    width: COLUMN_X[2] + COLUMN_W[2] + 8, height: TOP + inner + 8,
    columns: titles.map((title, c) => ({ x: COLUMN_X[c], title })), boxes, links,
  };
}
