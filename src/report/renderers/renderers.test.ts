import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReportModel } from '../model.js';
import { NOW, sampleInputs } from '../testing.js';
import { csvCell } from './csv.js';
import { templatesDir } from './engine.js';
import { code, escapeMarkdown, fence } from './md.js';
import { formatForPath, RENDERERS, REPORT_FORMATS, renderReport } from './index.js';

const model = buildReportModel(sampleInputs(), { now: NOW });
const SECTIONS = ['summary', 'mail-flow', 'charts', 'senders', 'security', 'cutover', 'appendix'];

/** RFC 4180 reader, enough to check what the writer wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += ch;
  }
  return rows;
}

describe('report renderers', () => {
  it('has one renderer per format and infers the format from a file name', () => {
    assert.deepEqual(REPORT_FORMATS, ['md', 'html', 'json', 'csv']);
    assert.equal(formatForPath('out/Report.HTML'), 'html');
    assert.equal(formatForPath('r.markdown'), 'md');
    assert.equal(formatForPath('r.csv'), 'csv');
    assert.equal(formatForPath('r.txt'), null);
    for (const format of REPORT_FORMATS) assert.ok(renderReport(model, format).length > 1000, format);
  });

  it('html: every section, inline SVG charts, one script and a CSP that pins it, nothing loaded from outside', () => {
    const html = RENDERERS.html.render(model);
    for (const id of SECTIONS) assert.match(html, new RegExp(`<section id="${id}"`), id);
    for (const id of ['flow-before', 'flow-after', 'chart-volume-sender', 'chart-volume-day', 'chart-problems-day', 'chart-tls', 'chart-targets']) {
      assert.match(html, new RegExp(`id="${id}">[\\s\\S]*?<svg `), id);
    }
    assert.equal(html.match(/<script\b/g)?.length, 1);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1].replace(/&#39;/g, "'") ?? '';
    assert.ok(csp.includes(`script-src 'sha256-${hash}'`), csp);
    assert.match(csp, /^default-src 'none';/);
    assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i, 'no external resource');
    assert.doesNotMatch(html, /@import|url\((?!#|data:)/i);
    assert.doesNotMatch(html, /\bstyle="/, 'inline style attributes would break the CSP');
  });

  it('html: scanned values stay text', () => {
    const html = RENDERERS.html.render(model);
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(!/<img\b/i.test(html));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
  });

  it('templates write raw output only for includes, our own CSS/script and Markdown code built by the renderer', () => {
    const allowed = /^<%~\s*(include\(|it\.css\s*%>|it\.script\s*%>|h\.fence\(|h\.code\(|step\.command \?|i\.command \?|d\.command \?)/;
    for (const dir of ['html', 'md']) {
      for (const name of readdirSync(join(templatesDir(), dir)).filter((n) => n.endsWith('.eta'))) {
        const text = readFileSync(join(templatesDir(), dir, name), 'utf8');
        for (const raw of text.match(/<%~[^%]*%>/g) ?? []) assert.match(raw, allowed, `${dir}/${name}: ${raw}`);
      }
    }
  });

  it('md: every section, escaped values, fences nothing can close early', () => {
    const md = RENDERERS.md.render(model);
    for (const heading of ['## Summary', '## Mail flow, before and after', '## Senders', '## Security findings', '## Cutover checklist', '## Appendix']) {
      assert.ok(md.includes(`\n${heading}\n`), heading);
    }
    // code spans and fences show their content as text in CommonMark: only the rest may carry no markup
    const prose = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
    assert.ok(!prose.includes('<script>'));
    assert.ok(!/<img\b/i.test(prose));
    assert.ok(md.includes('`/srv/jobs/<script>alert(1)</script>/report.ps1:12`'));
    assert.ok(md.includes('Report job &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.match(md, /- \[x\] \*\*admin\*\*: Verify the new Microsoft Graph sendMail path\. `relay365 verify --only p-erp`/);
    assert.equal(escapeMarkdown('a|b *c* [x](y) <b> # \n next'), 'a\\|b \\*c\\* \\[x\\](y) &lt;b&gt; \\# next');
    assert.equal(fence('x\n```\ny'), '````\nx\n```\ny\n````');
    assert.equal(code('a|b'), '`a\\|b`');
    assert.equal(code('`x`'), '`` `x` ``');
    const lines = md.split('\n');
    const cells = (line: string) => line.split(/(?<!\\)\|/).length;
    lines.forEach((line, i) => {
      if (!line.startsWith('| Report job')) return;
      let header = i;
      while (header > 0 && lines[header - 1].startsWith('|')) header--;
      assert.equal(cells(line), cells(lines[header]), `table row keeps its cells: ${line}`);
    });
  });

  it('csv: one row per sender, RFC 4180 quoting, formulas neutralised', () => {
    const csv = RENDERERS.csv.render(model);
    const rows = parseCsv(csv);
    assert.equal(rows.length, model.senders.length + 1);
    assert.ok(rows.every((r) => r.length === rows[0].length), 'every row has every column');
    assert.equal(rows[0][0], 'id');
    const backup = rows.find((r) => r[0] === 'p-backup01');
    assert.equal(backup?.[rows[0].indexOf('verification')], 'fail');
    assert.equal(backup?.[rows[0].indexOf('failed_checks')], 'auth (535 5.7.139)');
    assert.ok(csv.endsWith('\r\n'));
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-cmd'), "'-cmd");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
    assert.equal(csvCell(-3), '-3');
    assert.equal(csvCell(null), '');
  });

  it('json: the model itself, versioned', () => {
    const parsed = JSON.parse(RENDERERS.json.render(model));
    assert.equal(parsed.schemaVersion, 1);
    assert.deepEqual(parsed, JSON.parse(JSON.stringify(model)));
  });

  it('no format carries a canary secret', () => {
    for (const format of REPORT_FORMATS) {
      const text = renderReport(model, format);
      const at = text.indexOf('R365CANARY');
      assert.equal(at, -1, `${format}: ${text.slice(Math.max(0, at - 100), at + 40)}`);
    }
  });
});
