// PowerShell scripts (.ps1/.psm1): Send-MailMessage in any parameter order, splatting and $PSEmailServer;
// System.Net.Mail and MailKit SmtpClient objects; credentials followed through variables (config-formats.md §2.4).
import type { Finding, ValueLocation } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext } from '../../detector.js';
import { closingBracket, emailIn, mailKeyKind, parsePort, splitLines } from '../../values.js';
import { evaluate, secretOf, varName, type Client, type PsValue, type Scope } from './evaluate.js';
import { statements, splitTop, type Statement } from './script.js';
import { applyMethodCalls, clientSender, COMMAND_RE, commandSender, insideString, type Sender } from './senders.js';

// A module that defines these commands is the mail library itself, not a site's settings.
const LIBRARY = /^\s*function\s+(?:global:)?(Send-MailMessage|Send-EmailMessage|Send-MailKitMessage)\b/im;
const INLINE_CLIENT = /New-Object\s+(?:-TypeName\s+)?(?:System\.)?Net\.Mail\.SmtpClient\b[^)]*\)?|\[(?:System\.)?Net\.Mail\.SmtpClient\]::new\([^)]*\)/i;
const SECRET_NAME = /pass|pwd|secret|token|apikey/i;

type Defaults = Map<string, { expr: string | true; line: number }>;

interface Run { scope: Scope; clients: Client[]; senders: Sender[]; defaults: Defaults; emailServer: { line: number; used: boolean } | null }

/** `param( [string]$SmtpServer = 'x', $Port )`: defaults are values, the rest are parameters set by the caller. */
function applyParams(st: Statement, open: number, run: Run): void {
  for (const part of splitTop(st.text.slice(open, st.text.lastIndexOf(')')), ',')) {
    const lead = part.text.length - part.text.trimStart().length;
    const line = st.lineAt(open + part.start + lead);
    let p = part.text.trim();
    while (p.startsWith('[')) { const end = closingBracket(p, 0); if (end === -1) return; p = p.slice(end).trim(); }
    const m = /^\$([\w]+)\s*(?:=\s*([\s\S]+))?$/.exec(p);
    if (m) run.scope.vars.set(varName(m[1]), m[2] ? evaluate(m[2], line, run.scope) : { kind: 'ref', source: `param:$${m[1]}` });
  }
}

function setProperty(target: PsValue, property: string, rhs: string, line: number, run: Run): void {
  const key = property.toLowerCase();
  if (target.kind === 'hashtable') { target.entries.set(key, { expr: rhs, line }); return; }
  if (target.kind === 'message' && key === 'from') { target.from = evaluate(rhs, line, run.scope); return; }
  if (target.kind !== 'client') return;
  const c = target.client;
  const v = evaluate(rhs, line, run.scope);
  if (key === 'host') c.host = v;
  else if (key === 'port') c.port = v;
  else if (key === 'enablessl') c.enableSsl = v;
  else if (key === 'credentials') c.credential = v;
  else if (key === 'usedefaultcredentials') c.defaultCredentials = v.kind === 'bool' && v.value;
  else if (key === 'deliverymethod') c.pickup = /pickup/i.test(rhs);
}

function applyAssignment(st: Statement, run: Run): boolean {
  const param = /^param\s*\([\s\S]*\)\s*$/i.test(st.text);
  if (param && !st.commented) { applyParams(st, st.text.indexOf('(') + 1, run); return true; }
  const added = /^\$([\w:]+)\s*\+=\s*(@\{[\s\S]*\})$/.exec(st.text);
  if (added) {
    // `$parm += @{ Port = $port }`: hashtables grow by addition.
    const target = run.scope.vars.get(varName(added[1]));
    const more = evaluate(added[2], st.line, run.scope);
    if (!st.commented && target?.kind === 'hashtable' && more.kind === 'hashtable') for (const [k, v] of more.entries) target.entries.set(k, v);
    return true;
  }
  const m = /^(?:\[[\w.[\]]+\]\s*)*\$([\w:]+)(?:\.(\w+)|\[\s*['"]([^'"]+)['"]\s*\])?\s*=(?!=)\s*([\s\S]+)$/.exec(st.text);
  if (!m) return false;
  const [, name, property, index, rhs] = m;
  const line = st.lineAt(st.text.indexOf(rhs));
  const key = varName(name);
  if (property || index) {
    if (key === 'psdefaultparametervalues' && index) { if (!st.commented) run.defaults.set(index.toLowerCase(), { expr: rhs, line }); return true; }
    const target = run.scope.vars.get(key);
    if (target && !st.commented) setProperty(target, property ?? index!, rhs, line, run);
    return true;
  }
  const value = evaluate(rhs, line, run.scope);
  if (value.kind === 'client') { value.client.line = st.line; value.client.evidence = st.text; value.client.commented = st.commented; run.clients.push(value.client); }
  if (st.commented) return true;
  if (SECRET_NAME.test(name) && value.kind === 'text') run.scope.secret(value.value);
  if (key === 'psemailserver') run.emailServer = { line: st.line, used: false };
  if (key === 'psdefaultparametervalues' && value.kind === 'hashtable') for (const [k, v] of value.entries) run.defaults.set(k, v);
  run.scope.vars.set(key, value);
  return true;
}

/** Settings kept in variables for another script to dot-source (smartd_mailer.conf.ps1 style), when nothing here sends. */
function variableSender(run: Run, lines: string[]): Sender | null {
  const byKind = new Map<string, [string, PsValue]>();
  for (const [name, v] of run.scope.vars) {
    const kind = mailKeyKind(name);
    if (kind && (kind.specific || kind.kind !== 'host') && !byKind.has(kind.kind)) byKind.set(kind.kind, [name, v]);
  }
  const host = byKind.get('host');
  if (!host || host[1].kind !== 'text') return null;
  const ssl = byKind.get('security')?.[1];
  const notes = ['settings held in variables for another script to dot-source; the sending command is elsewhere'];
  const user = byKind.get('username')?.[1] ?? null;
  const line = host[1].line;
  const password = byKind.get('password')?.[1] ?? [...run.scope.vars].find(([name, v]) => SECRET_NAME.test(name) && v.kind === 'text')?.[1] ?? null;
  return {
    system: 'PowerShell variables', line, evidence: lines[line - 1]?.trim() ?? '', commented: false, host: host[1], port: byKind.get('port')?.[1] ?? null, defaultPort: 25,
    security: ssl?.kind === 'bool' ? (ssl.value ? 'starttls' : 'none') : 'unknown',
    auth: { method: user ? 'password' : 'none', username: user, secret: secretOf(password, run.scope) }, from: byKind.get('from')?.[1] ?? null, notes,
  };
}

function resolved(v: PsValue | null, fallback: string): { text: string | null; ref?: string; loc?: ValueLocation } {
  if (v?.kind === 'text') return { text: v.value, loc: v.text === v.value ? at(v.line, v.value) : undefined };
  if (v?.kind === 'ref') return { text: null, ref: v.source };
  if (v?.kind === 'unknown') return { text: null, ref: `expression:${v.expr.slice(0, 80)}` };
  return { text: null, ref: fallback };
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  if (LIBRARY.test(content)) return null;
  // `smartd_mailer.conf.sample.ps1`: the sample marker sits before the extension the walker matched on.
  const exampleFile = ctx.exampleFile || /\.(sample|example|dist|template)\.ps1$/i.test(path);
  const seen: string[] = [];
  const scope: Scope = { vars: new Map(), secret: (v) => { if (v.length >= 3 && !seen.includes(v)) { seen.push(v); ctx.secret(v); } } };
  const run: Run = { scope, clients: [], senders: [], defaults: new Map(), emailServer: null };
  for (const st of statements(content)) {
    if (st.commented && !/smtp|mail|PSEmailServer/i.test(st.text)) continue;
    const assigned = applyAssignment(st, run);
    if (!st.commented) applyMethodCalls(st, scope);
    COMMAND_RE.lastIndex = 0;
    for (let m = COMMAND_RE.exec(st.text); m; m = COMMAND_RE.exec(st.text)) {
      if (insideString(st.text, m.index + 1)) continue;
      const sender = commandSender(st, m, scope, run.defaults);
      if (sender) run.senders.push(sender);
      if (sender?.viaEmailServer && !sender.commented && run.emailServer) run.emailServer.used = true;
    }
    const inline = assigned ? null : INLINE_CLIENT.exec(st.text);
    const made = inline ? evaluate(inline[0], st.line, scope) : null;
    if (made?.kind === 'client') { made.client.line = st.line; made.client.evidence = st.text; made.client.commented = st.commented; run.clients.push(made.client); }
  }
  const senders = [...run.senders, ...run.clients.map((c) => clientSender(c, scope))];
  if (run.emailServer && !run.emailServer.used) {
    const host = scope.vars.get('psemailserver') ?? null;
    senders.push({ system: 'PowerShell $PSEmailServer', line: run.emailServer.line, evidence: `$PSEmailServer = ${host?.kind === 'text' ? `'${host.value}'` : '…'}`, commented: false, host, port: null, defaultPort: 25, security: 'unknown', auth: { method: 'unknown', username: null, secret: { state: 'absent' } }, from: null, notes: ['$PSEmailServer: the default server of Send-MailMessage in this session'] });
  }
  if (!senders.length) { const fromVars = variableSender(run, splitLines(content)); if (fromVars) senders.push(fromVars); }
  const findings = senders.map((s) => {
    const host = resolved(s.host, 'var:$PSEmailServer');
    const port = resolved(s.port, '');
    const user = resolved(s.auth.username, '');
    const from = resolved(s.from, '');
    const unresolved = !s.local && host.text === null;
    const valueSources: Record<string, string> = {};
    if (unresolved && host.ref) valueSources.host = host.ref;
    if (user.ref && s.auth.username) valueSources.username = user.ref;
    return createFinding({ id: 'powershell', system: 'PowerShell' }, { path, exampleFile, secrets: seen }, {
      line: s.line,
      key: `${s.system}:${s.line}`,
      system: s.system,
      host: host.text,
      port: parsePort(port.text) ?? s.defaultPort,
      security: s.security,
      auth: { method: s.auth.method, username: user.text, secret: s.auth.secret.state },
      secretRef: s.auth.secret.ref,
      from: emailIn(from.text),
      endpointKind: s.local ? 'local' : undefined,
      active: !s.commented && !unresolved,
      inactiveReason: s.commented ? 'commented' : unresolved ? 'unresolved' : undefined,
      valueSources,
      evidence: s.evidence.replace(/\s+/g, ' ').trim(),
      locations: { host: host.loc, port: port.loc, username: user.loc, from: from.loc },
      notes: s.notes,
      role: 'script',
    });
  });
  return findings.length ? findings : null;
}
