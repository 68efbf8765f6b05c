// One self-contained HTML file: inline CSS (with a print stylesheet), inline SVG charts, a few lines of inline script
// for sorting and filtering, and a Content-Security-Policy that allows nothing else to load or run.
import { createHash } from 'node:crypto';
import { kindLabel, targetLabel } from '../labels.js';
import type { ReportModel } from '../types.js';
import { engineFor, templateFile } from './engine.js';
import { createHelpers } from './helpers.js';
import { countBars, dailyColumns, flowLayout, horizontalBars } from './svg.js';

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

function charts(model: ReportModel) {
  const c = model.charts;
  return {
    flowBefore: flowLayout(model.flow.before, ['Senders', 'Server used today', 'Mail goes to']),
    flowAfter: flowLayout(model.flow.after, ['Senders', 'New path', 'Mail goes to']),
    byKind: countBars(model.summary.byKind, kindLabel, 420),
    byTarget: countBars(model.summary.byTarget, targetLabel, 420),
    volumePerSender: c.volumePerSender.length ? horizontalBars(c.volumePerSender.map((v) => ({ label: v.label, value: v.messages })), 940) : null,
    volumePerDay: c.perDay.length ? dailyColumns(c.perDay, [{ key: 'messages', label: 'Messages' }]) : null,
    problemsPerDay: c.perDay.some((d) => d.deferred + d.bounced + d.rejected > 0)
      ? dailyColumns(c.perDay, [{ key: 'deferred', label: 'Deferred' }, { key: 'bounced', label: 'Bounced' }, { key: 'rejected', label: 'Rejected' }])
      : null,
    tls: c.tlsVersions.length ? countBars(c.tlsVersions, (k) => k, 460) : null,
    targets: c.targets.length ? countBars(c.targets, targetLabel, 460) : null,
  };
}

export function renderHtml(model: ReportModel): string {
  const css = templateFile('html/report.css');
  const script = templateFile('html/report.js');
  const view = {
    m: model,
    h: createHelpers(model),
    svg: charts(model),
    css,
    script,
    csp: `default-src 'none'; style-src ${cspHash(css)}; script-src ${cspHash(script)}; img-src data:; base-uri 'none'; form-action 'none'`,
  };
  return engineFor('html').render('./html/report', view);
}
