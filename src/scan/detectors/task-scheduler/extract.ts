// Windows Task Scheduler tasks (System32\Tasks\** files without extension, exported *.xml; UTF-16): the deprecated
// "Send an e-mail" action (`<SendEmail><Server>`), and `<Exec>` actions that run PowerShell Send-MailMessage or a
// command-line mailer (config-formats.md §2.7).
import type { Finding } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, secretState, xmlLeaves, type XmlLeaf } from '../../values.js';
import { rehome } from '../docker-compose/rehome.js';
import { extract as powershellScript } from '../powershell/extract.js';
import { mailerCall } from './mailers.js';

const detector = { id: 'task-scheduler', system: 'Task Scheduler' };

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  if (!/<Task[\s>]/.test(content) || !/mit\/task|<Actions[\s>]/.test(content)) return null;
  const { leaves, complete } = xmlLeaves(content);
  if (!complete || !/<\/Task>\s*$/.test(content)) ctx.warn('truncated', 'the task file ends before </Task>; read what was there');
  const live = leaves.filter((l) => !l.commented);
  const name = live.find((l) => l.path.at(-1) === 'URI')?.value ?? path.replace(/^.*[\\/]/, '');
  const disabled = live.some((l) => l.path.at(-2) === 'Settings' && l.path.at(-1) === 'Enabled' && /^false$/i.test(l.value));
  const scope = { ctx, path, name, disabled, secrets: [] as string[] };
  const findings: Finding[] = [];
  for (const action of actions(live, 'SendEmail')) findings.push(...sendEmail(action, scope));
  for (const action of actions(live, 'Exec')) findings.push(...exec(action, scope));
  return findings.length ? findings : null;
}

interface Scope { ctx: ExtractContext; path: string; name: string; disabled: boolean; secrets: string[] }

/** Child texts of each `<Actions><NAME>` element, by child element name. */
function actions(leaves: XmlLeaf[], name: string): Map<string, XmlLeaf>[] {
  const groups = new Map<number, Map<string, XmlLeaf>>();
  for (const leaf of leaves) {
    const i = leaf.path.lastIndexOf(name);
    if (i < 1 || leaf.path[i - 1] !== 'Actions' || leaf.path.length !== i + 2) continue;
    const group = groups.get(leaf.group) ?? new Map<string, XmlLeaf>();
    group.set(leaf.path[i + 1], leaf);
    groups.set(leaf.group, group);
  }
  return [...groups.values()];
}

function finish(draft: FindingDraft, scope: Scope): Finding {
  if (scope.disabled) Object.assign(draft, { active: false, inactiveReason: 'disabled' }), draft.notes!.push('the task is disabled (<Settings><Enabled>false</Enabled>)');
  return createFinding(detector, { path: scope.path, exampleFile: scope.ctx.exampleFile, secrets: scope.secrets }, draft);
}

/** `<SendEmail>`: server only; Task Scheduler sends on port 25, without TLS or sign-in. */
function sendEmail(action: Map<string, XmlLeaf>, scope: Scope): Finding[] {
  const server = action.get('Server');
  if (!server?.value.trim()) return [];
  const from = action.get('From');
  return [finish({
    line: server.line, key: `send-email:${server.line}`, system: 'Task Scheduler (Send an e-mail action)', role: 'script',
    host: server.value.trim(), port: 25, security: 'none', auth: { method: 'none', username: null, secret: 'absent' },
    from: emailIn(from?.value) ?? (from?.value || null),
    evidence: `task ${scope.name}: <SendEmail><Server>${server.value.trim()}</Server>${action.get('To') ? ` <To>${action.get('To')!.value}</To>` : ''}`,
    locations: { host: at(server.line, server.value.trim()), from: from ? at(from.line, from.value) : undefined },
    notes: ['the "Send an e-mail" action is deprecated: Windows 8 / Server 2012 and later no longer run it, so this task fails or was never moved', 'sends on port 25 without TLS or sign-in: only an anonymous relay (or Direct Send) accepts it'],
  }, scope)];
}

function exec(action: Map<string, XmlLeaf>, scope: Scope): Finding[] {
  const command = action.get('Command')?.value.trim() ?? '';
  const args = action.get('Arguments');
  const line = args?.line ?? action.get('Command')?.line ?? 1;
  const program = command.replace(/^"|"$/g, '').replace(/^.*[\\/]/, '').toLowerCase();
  if (/^(powershell|pwsh)(\.exe)?$/.test(program) && args) {
    const script = powershellCommand(args.value);
    if (!script) return [];
    // Belt and braces: a literal handed to ConvertTo-SecureString is a password whatever the script reader makes of it.
    for (const m of script.matchAll(/ConvertTo-SecureString\s+(?:-String\s+)?(['"])(.*?)\1/gi)) scope.ctx.secret(m[2]);
    const found = rehome(powershellScript(script, scope.path, scope.ctx), {
      detector, ctx: scope.ctx, path: scope.path, firstLine: line, flat: true, key: `exec:${line}`, system: 'Task Scheduler (PowerShell action)',
      notes: [`scheduled task ${scope.name} runs this PowerShell command`],
    });
    for (const f of found) if (scope.disabled) Object.assign(f, { active: false, inactiveReason: 'disabled' });
    return found;
  }
  const call = mailerCall(`${command} ${args?.value ?? ''}`);
  if (!call?.host) return [];
  // `-pw %SMTP_PASS%` names where the password lives; a literal is registered and scrubbed.
  const password = secretState(call.password, (s) => { scope.ctx.secret(s); scope.secrets.push(s); });
  return [finish({
    line, key: `exec:${line}`, system: `Task Scheduler (${call.program})`, role: 'script',
    host: call.host, port: call.port, security: call.security,
    auth: { method: call.username ? 'password' : 'none', username: call.username, secret: call.username ? password.secret : 'absent' },
    secretRef: call.username ? password.ref : undefined,
    from: call.from, evidence: `task ${scope.name}: ${call.redacted}`.slice(0, 300), notes: call.notes,
  }, scope)];
}

/** The PowerShell code a task runs: `-Command "…"`, `-EncodedCommand <base64 UTF-16>`; `-File` scripts are scanned on their own. */
export function powershellCommand(args: string): string | null {
  const encoded = /(?:^|\s)-(?:e|ec|enc|encodedcommand)\s+([A-Za-z0-9+/=]{8,})/i.exec(args);
  if (encoded) return Buffer.from(encoded[1], 'base64').toString('utf16le');
  const command = /(?:^|\s)-(?:c|command)\s+([\s\S]*)$/i.exec(args);
  if (!command) return null;
  let text = command[1].trim();
  if (text.startsWith('"')) text = text.slice(1, text.endsWith('"') ? -1 : undefined).replace(/\\"/g, '"');
  return text.replace(/^&\s*\{([\s\S]*)\}\s*$/, '$1');
}
