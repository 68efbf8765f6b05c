// The HTML report in headless Chromium: served from loopback, it must load nothing else, log no error, show every
// section and chart, sort and filter by clicking, keep hostile scanned values as text, screenshot and print.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { stringify } from 'yaml';
import { chromiumAvailable, launchChromium, type Browser } from './support/chromium.js';
import { repoRoot, runCli } from './support/cli.js';
import { sampleFitness, sampleInventory, samplePlan, sampleResults, XSS_IMG, XSS_SCRIPT } from '../src/report/testing.js';

const SECTIONS: [string, string][] = [
  ['summary', 'Summary'], ['mail-flow', 'Mail flow, before and after'], ['charts', 'Volume, delivery problems and TLS'], ['senders', 'Senders'],
  ['security', 'Security findings'], ['cutover', 'Cutover checklist'], ['appendix', 'Appendix'],
];
const CHARTS = ['chart-by-kind', 'chart-by-target', 'flow-before', 'flow-after', 'chart-volume-sender', 'chart-volume-day', 'chart-problems-day', 'chart-tls', 'chart-targets'];

async function firstColumn(page: Page, table: string): Promise<string[]> {
  return page.locator(`#${table} tbody tr:not([hidden]) td:first-child`).allInnerTexts();
}

describe('HTML report in headless Chromium', { skip: chromiumAvailable() ? false : 'no /usr/bin/chromium' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay365-report-chromium-'));
  const requests: string[] = [];
  let server: Server;
  let browser: Browser;
  let url = '';
  let page: Page;
  let problems: string[] = [];
  let dialogs: string[] = [];

  before(async () => {
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'inventory.json'), JSON.stringify(sampleInventory()));
    writeFileSync(join(dir, 'plan.yaml'), stringify(samplePlan()));
    writeFileSync(join(dir, 'results.json'), JSON.stringify(sampleResults()));
    writeFileSync(join(dir, 'fitness.jsonl'), sampleFitness().map((r) => JSON.stringify(r)).join('\n'));
    const run = await runCli(['report', '--out', 'report.html'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const html = readFileSync(join(dir, 'report.html'));
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url !== '/report.html') { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/report.html`;
    browser = await launchChromium({ width: 1200, height: 900 });
    ({ page, problems, dialogs } = await browser.page());
    await page.goto(url, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console error and asks the network for nothing but itself', async () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, ['/report.html']);
    assert.equal(await page.title(), 'SMTP relay migration to Microsoft 365');
  });

  it('shows every section', async () => {
    for (const [id, heading] of SECTIONS) {
      const section = page.locator(`section#${id}`);
      assert.equal(await section.locator('h2').innerText(), heading);
      const box = await section.boundingBox();
      assert.ok(box && box.height > 50, `${id} has height`);
    }
    assert.equal(await page.locator('article.sender').count(), 9);
  });

  it('renders every chart as SVG with size and marks', async () => {
    for (const id of CHARTS) {
      const svg = page.locator(`#${id} svg`).first();
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 100 && box.height > 15, `${id}: ${JSON.stringify(box)}`);
      const marks = await svg.locator('rect').count();
      assert.ok(marks > 0, `${id} draws something`);
    }
    assert.equal(await page.locator('#flow-after g.box').count(), 9 + 7 + 2, '9 senders, 7 new paths, 2 destinations');
    const bar = await page.locator('#chart-volume-sender rect.bar').first().boundingBox();
    assert.ok(bar && bar.width > 300, 'the largest sender bar spans the chart');
  });

  it('sorts a table by clicking its header, both ways', async () => {
    const header = page.locator('#senders-table thead th', { hasText: 'Sender' });
    await header.click();
    const up = await firstColumn(page, 'senders-table');
    assert.deepEqual(up, [...up].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })));
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    await header.click();
    const down = await firstColumn(page, 'senders-table');
    assert.deepEqual(down, [...up].reverse());
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    const severity = page.locator('#security-table thead th', { hasText: 'Severity' });
    await severity.click();
    await severity.click();
    assert.equal((await firstColumn(page, 'security-table'))[0], 'Medium');
  });

  it('filters a table as you type', async () => {
    const input = page.locator('.filter[data-for="senders-table"] input');
    assert.ok(await input.isVisible(), 'the filter box appears once the script runs');
    await input.fill('graph');
    const shown = await firstColumn(page, 'senders-table');
    assert.deepEqual([...shown].sort(), ['ERP (erp01)', `Report job ${XSS_SCRIPT}`]);
    assert.equal(await page.locator('.filter[data-for="senders-table"] output').innerText(), '2 of 9 shown');
    await input.fill('');
    assert.equal((await firstColumn(page, 'senders-table')).length, 9);
  });

  it('keeps scanned markup as visible text: no dialog, no injected element', async () => {
    assert.deepEqual(dialogs, []);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script').count(), 1);
    const heading = page.locator('article.sender h3', { hasText: XSS_SCRIPT });
    assert.equal(await heading.innerText(), `Report job ${XSS_SCRIPT}`);
    assert.ok(await heading.isVisible());
    assert.ok((await page.locator('body').innerText()).includes(`reports${XSS_IMG}@contoso.com`));
    const html = await page.content();
    assert.equal(html.indexOf('R365CANARY'), -1, 'no canary secret in the page');
  });

  it('takes a full-page screenshot', async () => {
    const file = join(dir, 'report.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.readUInt32BE(16), 1200, 'IHDR width is the viewport width');
    assert.ok(png.readUInt32BE(20) > 3000, 'a long document');
    assert.ok(statSync(file).size > 100_000, 'not a blank page');
  });

  it('prints: navigation and filters hidden, folded details opened', async () => {
    await page.evaluate('window.dispatchEvent(new Event("beforeprint"))');   // a string: the page's globals are not Node's
    assert.equal(await page.locator('details:not([open])').count(), 0);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.evaluate("getComputedStyle(document.querySelector('nav.toc')).display"), 'none');
    const pdf = await page.pdf({ format: 'A4' });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.length > 50_000);
    await page.emulateMedia({ media: 'screen' });
  });
});
