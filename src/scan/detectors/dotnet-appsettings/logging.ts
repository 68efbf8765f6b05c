// Logging sinks that send mail: NLog `<target xsi:type="Mail">` and log4net `SmtpAppender`, in nlog.config,
// log4net.config or embedded in web.config/app.config. Both use System.Net.Mail (EnableSsl = STARTTLS) and send no
// AUTH unless told to (config-formats.md §2.3).
import type { Finding } from '../../../inventory/types.js';
import { createFinding, type ExtractContext } from '../../detector.js';
import { localName, parseBool, xmlAttr, xmlTokens, type XmlToken } from '../../values.js';
import { maskedTag } from '../dotnet-config/security.js';
import { draftOf, rolesOf, type Setting } from './settings.js';

interface Sink { kind: 'nlog' | 'log4net'; tag: XmlToken; settings: Setting[] }

function isNlogMail(t: XmlToken): boolean {
  if (localName(t.name) !== 'target') return false;
  const type = t.attrs.find((a) => localName(a.name) === 'type')?.value ?? '';
  return /^mail$/i.test(type.trim());
}

/** NLog targets and log4net appenders, with their settings; log4net's are `<smtpHost value="…"/>` children. */
function sinksOf(tokens: XmlToken[]): { sinks: Sink[]; variables: Map<string, string> } {
  const sinks: Sink[] = [];
  const variables = new Map<string, string>();
  let appender: Sink | null = null;
  let depth = 0;
  let pending: { name: string; line: number } | null = null;
  for (const t of tokens) {
    const name = localName(t.name);
    if (t.kind === 'open' && name === 'variable' && !t.commented) {
      const n = xmlAttr(t, 'name')?.value;
      const v = xmlAttr(t, 'value')?.value;
      if (n && v !== undefined) variables.set(n.toLowerCase(), v);
    }
    if (t.kind === 'open' && isNlogMail(t)) {
      sinks.push({ kind: 'nlog', tag: t, settings: t.attrs.map((a) => ({ key: localName(a.name), value: a.value, line: a.line, text: a.value })) });
      continue;
    }
    if (t.kind === 'open' && name === 'appender' && /SmtpAppender|SmtpPickupDirAppender/i.test(xmlAttr(t, 'type')?.value ?? '')) {
      appender = { kind: 'log4net', tag: t, settings: [] };
      sinks.push(appender);
      depth = 0;
      continue;
    }
    if (!appender) continue;
    if (t.kind === 'close' && name === 'appender' && depth === 0) { appender = null; continue; }
    if (t.kind === 'open') {
      const value = xmlAttr(t, 'value');
      if (depth === 0 && value) appender.settings.push({ key: t.name, value: value.value, line: value.line, text: value.value });
      else if (depth === 0 && !t.selfClosing) pending = { name: t.name, line: t.line };
      if (!t.selfClosing) depth++;
    } else if (t.kind === 'text' && pending) {
      appender.settings.push({ key: pending.name, value: t.text, line: pending.line, text: t.text });
      pending = null;
    } else if (t.kind === 'close') { depth = Math.max(0, depth - 1); pending = null; }
  }
  return { sinks, variables };
}

/** NLog layouts: `${var:name}` / `${name}` from `<variable>`, `${environment:NAME}` stays a reference (`${NAME}`). */
function nlogResolver(variables: Map<string, string>): (value: string) => string {
  return (value) => value
    .replace(/\$\{(?:var:(?:name=)?)?([\w.-]+)\}/gi, (whole, n: string) => variables.get(n.toLowerCase()) ?? whole)
    .replace(/^\$\{environment:(?:variable=)?([A-Za-z_]\w*)\}$/i, '${$1}');
}

export function loggingFindings(content: string, path: string, ctx: ExtractContext): Finding[] {
  const { tokens, complete } = xmlTokens(content);
  if (!complete) ctx.warn('truncated', 'the XML ends inside a tag or comment; read what was there');
  const { sinks, variables } = sinksOf(tokens);
  const findings: Finding[] = [];
  for (const sink of sinks) {
    const nlog = sink.kind === 'nlog';
    const detector = { id: 'dotnet-appsettings', system: nlog ? 'NLog mail target' : 'log4net SmtpAppender' };
    const settings = new Map(sink.settings.map((s) => [s.key.toLowerCase(), s]));
    for (const s of sink.settings) if (/pass|pwd/i.test(s.key)) ctx.secret(String(s.value));
    const common = { path, exampleFile: ctx.exampleFile };
    const label = nlog ? `target ${xmlAttr(sink.tag, 'name')?.value ?? ''}`.trim() : `appender ${xmlAttr(sink.tag, 'name')?.value ?? ''}`.trim();
    const pickup = /pickup/i.test(String(settings.get('deliverymethod')?.value ?? '')) || /PickupDir/i.test(xmlAttr(sink.tag, 'type')?.value ?? '');
    const systemNet = nlog && parseBool(String(settings.get('usesystemnetmailsettings')?.value ?? '')) === true;
    if (pickup || systemNet) {
      findings.push(createFinding(detector, common, {
        line: sink.tag.line, key: label, endpointKind: pickup ? 'local' : undefined, security: 'unknown', auth: { method: 'none' },
        active: !sink.tag.commented && !systemNet, inactiveReason: sink.tag.commented ? 'commented' : systemNet ? 'unresolved' : undefined,
        valueSources: systemNet ? { host: 'system.net/mailSettings' } : undefined,
        evidence: maskedTag(sink.tag.name, sink.tag.attrs),
        notes: [pickup ? `${label}: writes .eml files to a pickup folder; whatever drains it is the real sender` : `${label}: useSystemNetMailSettings — host and credentials come from <system.net><mailSettings>`],
        role: 'app',
      }));
      continue;
    }
    const notes: string[] = [];
    const draft = draftOf({ roles: rolesOf(sink.settings), library: 'system-net-mail', authDefault: 'none', resolve: nlog ? nlogResolver(variables) : undefined, ctx, notes });
    if (!draft) continue;
    const secure = sink.settings.find((s) => /securesocketoption/i.test(s.key));
    if (secure) notes.push('secureSocketOption set: NLog.MailKit target');
    if (!settings.get('port') && !settings.get('smtpport')) notes.push('no port: 25');
    draft.evidence = nlog ? maskedTag(sink.tag.name, sink.tag.attrs) : `${label}: ${sink.settings.filter((s) => !/pass|pwd/i.test(s.key)).map((s) => `${s.key}=${s.value}`).join(' ')}`;
    if (sink.tag.commented) { draft.active = false; draft.inactiveReason = 'commented'; }
    findings.push(createFinding(detector, common, { ...draft, key: label }));
  }
  return findings;
}
