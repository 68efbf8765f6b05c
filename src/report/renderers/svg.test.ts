import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dailyColumns, fit, flowLayout, horizontalBars } from './svg.js';
import type { DailyPoint, FlowGraph } from '../types.js';

describe('svg geometry', () => {
  it('scales bars to the largest value and keeps every bar visible', () => {
    const chart = horizontalBars([{ label: 'erp', value: 800 }, { label: 'printer', value: 400 }, { label: 'ups', value: 1 }, { label: 'idle', value: 0 }], 460);
    const [erp, printer, ups, idle] = chart.bars;
    assert.equal(erp.width, 2 * printer.width);
    assert.ok(erp.valueX + 40 <= chart.width, 'value label fits');
    assert.equal(ups.width, 2);
    assert.equal(idle.width, 0);
    assert.deepEqual(chart.bars.map((b) => b.y), [0, 26, 52, 78]);
    assert.equal(chart.height, 96);
    assert.equal(erp.value, '800');
  });

  it('shortens long labels and keeps the full text for the tooltip', () => {
    assert.equal(fit('short', 200), 'short');
    const long = 'a-very-long-host-name.with.many.labels.contoso.local';
    assert.ok(fit(long, 140).length <= 20);
    assert.ok(fit(long, 140).endsWith('…'));
    const chart = horizontalBars([{ label: long, value: 5 }], 300);
    assert.ok(chart.bars[0].title.startsWith(long));
  });

  it('stacks per-day series and labels only as many dates as fit', () => {
    const days: DailyPoint[] = Array.from({ length: 60 }, (_, i) => ({
      date: `2026-10-${String((i % 30) + 1).padStart(2, '0')}`, messages: 0, recipients: 0, deferred: i, bounced: 2, rejected: i === 59 ? 100 : 0,
    }));
    const chart = dailyColumns(days, [{ key: 'deferred', label: 'Deferred' }, { key: 'bounced', label: 'Bounced' }, { key: 'rejected', label: 'Rejected' }], 940);
    const last = chart.columns[59];
    assert.equal(last.segments.length, 3);
    const bottom = chart.plot.y + chart.plot.height;
    assert.ok(Math.abs(last.segments[0].y + last.segments[0].height - bottom) < 0.2, 'first segment sits on the axis');
    assert.ok(last.segments[2].y >= chart.plot.y - 0.5, 'tallest column stays inside the plot');
    const labelled = chart.columns.filter((c) => c.label).length;
    assert.ok(labelled >= 8 && labelled <= 17, `${labelled} labels`);
    assert.equal(chart.ticks.at(-1)?.label, '200');
    assert.equal(chart.columns[0].segments.length, 1, 'zero values draw nothing');
  });

  it('lays the flow out in three columns and joins boxes edge to edge', () => {
    const graph: FlowGraph = {
      nodes: [
        { id: 'a', label: 'printer', detail: 'Device', column: 0, count: 1, tone: 'fail' },
        { id: 'b', label: 'script', detail: 'Script', column: 0, count: 3, tone: 'neutral' },
        { id: 'r', label: 'relay01:25', detail: 'Internal relay', column: 1, count: 2, tone: 'warn' },
        { id: 'm', label: 'Microsoft 365', detail: null, column: 2, count: 2, tone: 'neutral' },
      ],
      edges: [{ from: 'a', to: 'r', label: null, tone: 'fail' }, { from: 'b', to: 'r', label: null, tone: 'neutral' }, { from: 'r', to: 'm', label: null, tone: 'neutral' }, { from: 'r', to: 'gone', label: null, tone: 'ok' }],
    };
    const layout = flowLayout(graph, ['Senders', 'Via', 'To']);
    assert.equal(layout.boxes.length, 4);
    assert.equal(layout.links.length, 3, 'an edge to a missing node is dropped');
    const [a, b, r] = layout.boxes;
    assert.ok(r.x > a.x + a.width);
    assert.equal(r.y, (a.y + b.y) / 2, 'a shorter column is centred');
    assert.match(layout.links[0].d, new RegExp(`^M${a.x + a.width},${a.y + a.height / 2} C`));
    assert.equal(b.label, 'script (3)');
    assert.match(b.title, /3 senders/);
  });
});
