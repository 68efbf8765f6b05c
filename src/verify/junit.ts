// JUnit XML for pipelines: one testsuite per item, one testcase per check; a failure carries the reply, the
// diagnosis and the fix. Hand-written: the format is a dozen elements and needs only XML escaping.
import type { CheckResult, ItemResult, Results } from './types.js';

export function escapeXml(text: string): string {
  // XML 1.0 forbids most control characters even as references: drop them
  return text.replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function seconds(ms: number | undefined): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

function detail(check: CheckResult): string {
  return [check.reply && `reply: ${check.reply}`, check.diagnosis && `diagnosis: ${check.diagnosis}`, check.hint && `fix: ${check.hint}`].filter(Boolean).join('\n');
}

function testcase(item: ItemResult, check: CheckResult): string {
  const open = `    <testcase classname="relay365.${escapeXml(item.target)}.${escapeXml(item.id)}" name="${escapeXml(check.name)}" time="${seconds(check.ms)}"`;
  const message = escapeXml(check.diagnosis ?? check.reply ?? check.status);
  if (check.status === 'fail') return `${open}>\n      <failure message="${message}" type="${escapeXml(check.code ?? 'fail')}">${escapeXml(detail(check))}</failure>\n    </testcase>`;
  if (check.status === 'skipped') return `${open}>\n      <skipped message="${message}"/>\n    </testcase>`;
  if (check.status === 'warn') return `${open}>\n      <system-out>${escapeXml(`warning: ${detail(check)}`)}</system-out>\n    </testcase>`;
  return check.reply ? `${open}>\n      <system-out>${escapeXml(check.reply)}</system-out>\n    </testcase>` : `${open}/>`;
}

export function renderJunit(results: Results): string {
  const suites = results.items.map((item) => {
    const count = (status: string) => item.checks.filter((c) => c.status === status).length;
    const attrs = `name="${escapeXml(item.name ?? item.id)}" id="${escapeXml(item.id)}" tests="${item.checks.length}" failures="${count('fail')}" errors="0" skipped="${count('skipped')}" time="${seconds(item.ms)}" timestamp="${escapeXml(results.generatedAt)}"`;
    const props = `    <properties>\n      <property name="target" value="${escapeXml(item.target)}"/>\n      <property name="endpoint" value="${escapeXml(item.endpoint ?? '')}"/>\n${item.testId ? `      <property name="testId" value="${escapeXml(item.testId)}"/>\n` : ''}    </properties>`;
    return `  <testsuite ${attrs}>\n${props}\n${item.checks.map((c) => testcase(item, c)).join('\n')}\n  </testsuite>`;
  });
  const all = results.items.flatMap((i) => i.checks);
  const failures = all.filter((c) => c.status === 'fail').length;
  const skipped = all.filter((c) => c.status === 'skipped').length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="relay365 verify" tests="${all.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(results.ms)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
