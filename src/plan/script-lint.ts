// A small PowerShell tokenizer and checker for the generated setup script (no pwsh on these machines): quotes
// and brackets balance, every command is a known cmdlet, every -Parameter is one that cmdlet has, and no
// template hole is left. Hand-written: no PowerShell parser exists on npm that runs without pwsh.

/** Cmdlets the script may use, with their parameters (MicrosoftDocs/office-docs-powershell, 2026 copies). */
export const CMDLETS: Record<string, string[]> = {
  'Connect-ExchangeOnline': ['ShowBanner', 'ExchangeEnvironmentName', 'UserPrincipalName', 'Organization', 'DelegatedOrganization', 'AppId', 'CertificateThumbprint'],
  'New-ServicePrincipal': ['AppId', 'ObjectId', 'DisplayName', 'Organization', 'Confirm', 'WhatIf'],
  'Get-ServicePrincipal': ['Identity', 'Organization'],
  'Add-MailboxPermission': ['Identity', 'User', 'AccessRights', 'AutoMapping', 'InheritanceType', 'Owner', 'Deny', 'GroupMailbox', 'IgnoreDefaultScope', 'Confirm', 'WhatIf'],
  'Add-RecipientPermission': ['Identity', 'AccessRights', 'Trustee', 'Confirm', 'WhatIf'],
  'Set-CASMailbox': ['Identity', 'SmtpClientAuthenticationDisabled', 'Confirm', 'WhatIf'],
  'New-ManagementScope': ['Name', 'RecipientRestrictionFilter', 'RecipientRoot', 'Exclusive', 'Force', 'Confirm', 'WhatIf'],
  'Get-ManagementScope': ['Identity', 'Exclusive', 'Orphan'],
  'New-ManagementRoleAssignment': ['Name', 'Role', 'App', 'CustomResourceScope', 'RecipientAdministrativeUnitScope', 'RecipientGroupScope', 'Delegating', 'Force', 'Confirm', 'WhatIf'],
  'Get-ManagementRoleAssignment': ['Identity', 'Role', 'RoleAssignee', 'Enabled', 'Delegating'],
  'Test-ServicePrincipalAuthorization': ['Identity', 'Resource'],
  'New-InboundConnector': ['Name', 'SenderDomains', 'ConnectorType', 'SenderIPAddresses', 'TlsSenderCertificateName', 'RequireTls', 'RestrictDomainsToIPAddresses', 'RestrictDomainsToCertificate', 'AssociatedAcceptedDomains', 'Comment', 'Enabled', 'TreatMessagesAsInternal', 'CloudServicesMailEnabled', 'Confirm', 'WhatIf'],
  'Get-InboundConnector': ['Identity'],
  'Get-OrganizationConfig': [],
  'New-MailUser': ['Name', 'Password', 'HVEAccount', 'PrimarySmtpAddress', 'DisplayName', 'Alias', 'FirstName', 'LastName', 'Confirm', 'WhatIf'],
  'Get-MailUser': ['Identity', 'HVEAccount', 'Filter', 'ResultSize'],
  'Read-Host': ['Prompt', 'AsSecureString', 'MaskInput'],
  'Resolve-DnsName': ['Name', 'Type', 'Server'],
  'Format-List': ['Property'],
  'Format-Table': ['Property', 'AutoSize'],
  'Write-Host': ['Object', 'ForegroundColor', 'NoNewline'],
};
const COMMON = ['ErrorAction', 'WarningAction', 'InformationAction', 'ErrorVariable', 'Verbose', 'Debug', 'OutVariable'];
const OPERATORS = ['not', 'and', 'or', 'eq', 'ne', 'like', 'notlike', 'match'];
const KEYWORDS = ['if', 'else', 'elseif', 'param', 'foreach', 'return'];

export interface LintProblem { line: number; message: string }

interface Token { kind: 'word' | 'param' | 'var' | 'string' | 'open' | 'close' | 'pipe' | 'end' | 'op'; value: string; line: number }

export function tokenize(script: string): { tokens: Token[]; problems: LintProblem[] } {
  const tokens: Token[] = [];
  const problems: LintProblem[] = [];
  let line = 1;
  let i = 0;
  const push = (kind: Token['kind'], value: string) => tokens.push({ kind, value, line });
  while (i < script.length) {
    const c = script[i];
    if (c === '\n') { push('end', '\n'); line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '`' && script[i + 1] === '\n') { i += 2; line++; continue; }
    if (c === '<' && script[i + 1] === '#') {
      const end = script.indexOf('#>', i + 2);
      if (end < 0) { problems.push({ line, message: 'block comment <# is never closed' }); break; }
      line += script.slice(i, end).split('\n').length - 1;
      i = end + 2;
      continue;
    }
    if (c === '#') { while (i < script.length && script[i] !== '\n') i++; continue; }
    if (c === "'" || c === '"') {
      const start = line;
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= script.length) { problems.push({ line: start, message: `string opened with ${c} is never closed` }); j = script.length; break; }
        const d = script[j];
        if (d === '\n') line++;
        if (c === '"' && d === '`') { value += script[j + 1] ?? ''; j += 2; continue; }
        if (d === c && script[j + 1] === c) { value += c; j += 2; continue; }
        if (d === c) { j++; break; }
        value += d;
        j++;
      }
      tokens.push({ kind: 'string', value, line: start });
      i = j;
      continue;
    }
    if (c === '$') {
      const m = /^\$(\(|[A-Za-z_][\w:]*)/.exec(script.slice(i));
      if (m?.[1] === '(') { push('open', '('); i += 2; continue; }
      push('var', m ? m[1] : '$');
      i += m ? m[0].length : 1;
      continue;
    }
    if (c === '-' && /[A-Za-z]/.test(script[i + 1] ?? '')) {
      const m = /^-([A-Za-z][\w]*)(:)?/.exec(script.slice(i))!;
      push('param', m[1]);
      i += m[0].length;
      continue;
    }
    if ('({['.includes(c)) { push('open', c); i++; continue; }
    if (')}]'.includes(c)) { push('close', c); i++; continue; }
    if (c === '|') { push('pipe', c); i++; continue; }
    if (c === ';') { push('end', c); i++; continue; }
    if (',=*+'.includes(c)) { push('op', c); i++; continue; }
    const m = /^[\w.@:/-]+/.exec(script.slice(i));
    if (m) { push('word', m[0]); i += m[0].length; continue; }
    problems.push({ line, message: `unexpected character ${JSON.stringify(c)}` });
    i++;
  }
  return { tokens, problems };
}

interface Frame { open: string; command: string | null; atStart: boolean; line: number }

export function lintScript(script: string): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const hole of ['<%', '%>', '<TODO', 'undefined', '[object Object]', 'NaN', '${']) {
    const at = script.indexOf(hole);
    if (at >= 0) problems.push({ line: script.slice(0, at).split('\n').length, message: `unresolved template hole ${JSON.stringify(hole)}` });
  }
  const { tokens, problems: lexical } = tokenize(script);
  problems.push(...lexical);
  const stack: Frame[] = [{ open: 'top', command: null, atStart: true, line: 1 }];
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  let previous: Token | undefined;
  for (const token of tokens) {
    const frame = stack.at(-1)!;
    const after = previous;
    previous = token;
    switch (token.kind) {
      case 'end': if (frame.open !== '[') { frame.atStart = true; frame.command = null; } break;
      case 'pipe': frame.atStart = true; frame.command = null; break;
      case 'open': {
        // `Name(` is an attribute or method argument list, not a place for a command; `if (` and `-not (` are.
        const argumentList = token.value === '(' && after?.kind === 'word' && !KEYWORDS.includes(after.value.toLowerCase());
        stack.push({ open: token.value, command: null, atStart: token.value !== '[' && !argumentList, line: token.line });
        frame.atStart = false;
        break;
      }
      case 'close':
        if (stack.length === 1 || frame.open !== pairs[token.value]) { problems.push({ line: token.line, message: `${token.value} does not close anything open` }); break; }
        stack.pop();
        break;
      case 'word':
        if (frame.atStart) {
          frame.atStart = false;
          if (KEYWORDS.includes(token.value.toLowerCase())) { frame.atStart = token.value.toLowerCase() === 'else'; break; }
          if (!(token.value in CMDLETS)) { problems.push({ line: token.line, message: `unknown cmdlet ${token.value}` }); break; }
          frame.command = token.value;
        }
        break;
      case 'param':
        if (frame.command) {
          const known = [...CMDLETS[frame.command], ...COMMON];
          if (!known.some((p) => p.toLowerCase() === token.value.toLowerCase())) problems.push({ line: token.line, message: `${frame.command} has no parameter -${token.value}` });
        } else if (!OPERATORS.includes(token.value.toLowerCase())) problems.push({ line: token.line, message: `-${token.value} is neither an operator nor a parameter of a command` });
        frame.atStart = false;
        break;
      default:
        frame.atStart = false;
    }
  }
  for (const open of stack.slice(1)) problems.push({ line: open.line, message: `${open.open} is never closed` });
  return problems;
}
