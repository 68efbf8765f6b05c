import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderScanSummary } from '../commands/scan.js';
import type { Finding, Inventory } from '../inventory/types.js';
import { keepEnd, table } from './term.js';

describe('terminal tables', () => {
  it('cuts long cells at their end, and paths at their start so the file name and line stay', () => {
    assert.equal(keepEnd('/a/b', 10), '/a/b');
    assert.equal(keepEnd('/usr/share/icinga2/conf.d/commands.conf:149', 20), '…d/commands.conf:149');
    assert.equal(keepEnd('x'.repeat(30), 20).length, 20);
    assert.equal(table(['h'], [['abcdef']], 4).split('\n')[2], 'abc…');
  });

  it('tells two findings of one long path apart in the scan table', () => {
    const finding = (line: number): Finding => ({
      id: `f${line}`, detector: 'nagios', system: 'Icinga 2', path: `/srv/images/debian-12-monitoring/etc/icinga2/conf.d/commands.conf`, line,
      host: null, port: null, security: 'unknown', auth: { method: 'none', username: null, secret: 'absent' }, from: null,
      active: true, endpointKind: 'local', evidence: '', role: 'app',
    } as Finding);
    const inventory = { findings: [finding(10), finding(149)], warnings: [], stats: { filesSeen: 1, filesRead: 1, bytesRead: 1, ms: 1 } } as unknown as Inventory;
    const rows = renderScanSummary(inventory, { color: false }, false).split('\n').slice(2, 4);
    assert.match(rows[0], /…[\w/.-]*commands\.conf:10\b/);
    assert.match(rows[1], /…[\w/.-]*commands\.conf:149\b/);
  });
});
