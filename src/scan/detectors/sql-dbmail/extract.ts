// SQL Server Database Mail scripts (config-formats.md §2.8): `msdb.dbo.sysmail_add_account_sp` and
// `sysmail_update_account_sp` calls, one finding per call. Database Mail sends through System.Net.Mail: `@enable_ssl = 1`
// is STARTTLS; `@use_default_credentials = 1` signs in as the Database Engine's service account.
import type { AuthMethod, Finding, SecretState } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, isPlaceholder, isSecretPlaceholder, lineIndex, parsePort } from '../../values.js';
import { systemNetMailSecurity } from '../dotnet-config/security.js';
import { procArgs, sqlVariables, sqlView, type SqlArg } from './sql.js';

const detector = { id: 'sql-dbmail', system: 'SQL Server Database Mail' };

interface Value { text: string | null; ref?: string; arg: SqlArg }

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const view = sqlView(content);
  const lineOf = lineIndex(content);
  const variables = sqlVariables(view.text);
  const findings: Finding[] = [];
  const re = /\bsysmail_(add|update)_account_sp\b/gi;
  for (let m = re.exec(view.text); m; m = re.exec(view.text)) {
    const args = procArgs(view.text, m.index + m[0].length);
    if (!args.length) continue;
    const read = (name: string): Value | null => {
      const arg = args.find((a) => a.name === name);
      if (!arg) return null;
      if (arg.kind === 'variable') {
        const set = variables.filter((v) => `@${v.name}` === arg.value.toLowerCase() && v.offset < m!.index).at(-1);
        return set ? { text: set.value, ref: `sql-variable:${arg.value}`, arg } : { text: null, ref: `sql-variable:${arg.value}`, arg };
      }
      // SQLCMD replaces `$(Name)` everywhere, inside quotes too.
      const sqlcmd = /^\$\((\w+)\)$/.exec(arg.value.trim());
      if (sqlcmd) return { text: null, ref: `sqlcmd-variable:${sqlcmd[1]}`, arg };
      if (arg.kind === 'null') return { text: null, arg };
      return { text: arg.value, arg };
    };
    const password = read('password');
    if (password?.text && !password.ref) ctx.secret(password.text);
    const server = read('mailserver_name');
    if (!server) continue;
    findings.push(callFinding(m[1].toLowerCase(), read, view.commented[m.index] === 1, { path, ctx, lineOf, content }));
  }
  return findings.length ? findings : null;
}

interface Scope { path: string; ctx: ExtractContext; lineOf: (offset: number) => number; content: string }

function callFinding(verb: string, read: (name: string) => Value | null, commented: boolean, scope: Scope): Finding {
  const server = read('mailserver_name')!;
  const line = scope.lineOf(server.arg.offset);
  const notes: string[] = [];
  const account = read('account_name')?.text ?? read('account_id')?.text ?? '?';
  const draft: FindingDraft = {
    line, key: `${verb}:${account}:${line}`, role: 'app', notes, valueSources: {}, locations: {},
    evidence: `sysmail_${verb}_account_sp @account_name = '${account}', @mailserver_name = ${server.arg.kind === 'string' ? `'${server.arg.value}'` : server.arg.value}`,
  };
  if (server.text) {
    draft.host = server.text.trim();
    if (!server.ref && !isPlaceholder(draft.host)) draft.locations!.host = at(line, server.text);
  } else Object.assign(draft, { host: null, active: false, inactiveReason: 'unresolved' });
  if (server.ref) draft.valueSources!.host = server.ref;
  const type = read('mailserver_type')?.text;
  if (type && type.toUpperCase() !== 'SMTP') notes.push(`@mailserver_type = ${type}: not SMTP`);
  const port = read('port');
  draft.port = parsePort(port?.text) ?? 25;
  if (port?.arg.kind === 'number') draft.locations!.port = at(scope.lineOf(port.arg.offset), port.text);
  if (!port?.text) notes.push('@port not given: Database Mail uses 25');
  draft.security = systemNetMailSecurity(read('enable_ssl')?.text === '1', draft.port, notes);
  Object.assign(draft, authOf(read, scope));
  const from = read('email_address');
  if (from?.text) {
    draft.from = emailIn(from.text) ?? from.text;
    if (from.arg.kind === 'string') draft.locations!.from = at(scope.lineOf(from.arg.offset), from.text);
  }
  if (verb === 'update') notes.push('sysmail_update_account_sp: replaces the settings of an existing account');
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  return createFinding(detector, { path: scope.path, exampleFile: scope.ctx.exampleFile }, draft);
}

function authOf(read: (name: string) => Value | null, scope: Scope): Pick<FindingDraft, 'auth' | 'secretRef'> {
  if (read('use_default_credentials')?.text === '1') {
    return { auth: { method: 'ntlm', username: null, secret: 'absent' } };
  }
  const user = read('username');
  const username = user?.text && !isPlaceholder(user.text) ? user.text : null;
  const password = read('password');
  let secret: SecretState = 'absent';
  let secretRef: string | undefined;
  if (password?.ref) { secret = 'external'; secretRef = password.ref; }
  else if (password?.text && !isSecretPlaceholder(password.text)) { secret = 'present'; secretRef = `inline:${scope.path}:${scope.lineOf(password.arg.offset)}`; }
  const method: AuthMethod = username || secret !== 'absent' ? 'password' : 'none';
  return { auth: { method, username, secret }, secretRef };
}
