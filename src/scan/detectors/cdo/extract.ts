// VBScript / classic ASP / VBA with CDO (config-formats.md §2.5): `….Configuration.Fields.Item(".../cdo/configuration/
// smtpserver") = "…"`, the same through a schema variable, the cdosys typelib constants (cdoSMTPServer) or a `With` block;
// one finding per smtpserver assignment. CDONTS.NewMail and an unconfigured CDO.Message use the local SMTP service.
import type { AuthMethod, Finding, SecretState, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, isPlaceholder, isSecretPlaceholder } from '../../values.js';
import { vbLines, vbValue, type VbLine, type VbValue } from './vb.js';

const detector = { id: 'cdo', system: 'CDO (VBScript)' };

// The cdosys type library (ASP `<!--METADATA TYPE="typelib" …-->`, VBA references) names fields and values.
const TYPELIB = new Map<string, string>([
  ['cdosendusingmethod', 'http://schemas.microsoft.com/cdo/configuration/sendusing'], ['cdosmtpserver', 'http://schemas.microsoft.com/cdo/configuration/smtpserver'],
  ['cdosmtpserverport', 'http://schemas.microsoft.com/cdo/configuration/smtpserverport'], ['cdosmtpusessl', 'http://schemas.microsoft.com/cdo/configuration/smtpusessl'],
  ['cdosmtpauthenticate', 'http://schemas.microsoft.com/cdo/configuration/smtpauthenticate'], ['cdosendusername', 'http://schemas.microsoft.com/cdo/configuration/sendusername'],
  ['cdosendpassword', 'http://schemas.microsoft.com/cdo/configuration/sendpassword'], ['cdosendemailaddress', 'http://schemas.microsoft.com/cdo/configuration/sendemailaddress'],
  ['cdosmtpconnectiontimeout', 'http://schemas.microsoft.com/cdo/configuration/smtpconnectiontimeout'],
  ['cdosendusingpickup', '1'], ['cdosendusingport', '2'], ['cdoanonymous', '0'], ['cdobasic', '1'], ['cdontlm', '2'],
]);

interface Field { value: VbValue; line: number; text: string; raw: string }
interface Block { object: string; line: number; commented: boolean; fields: Map<string, Field> }

/** CDO's `smtpusessl` on 465 is implicit TLS; on other ports cdosys negotiates STARTTLS. Shared with the SSRS reader. */
export function cdoSecurity(useSsl: boolean, port: number, notes: string[]): Security {
  if (!useSsl) return port === 465 ? 'tls' : 'none';
  if (port === 465) return 'tls';
  notes.push(`smtpusessl with port ${port}: CDO negotiates STARTTLS (implicit TLS only on 465)`);
  return 'starttls';
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const names = new Map(TYPELIB);
  const withStack: string[] = [];
  const blocks: Block[] = [];
  const pending = new Map<string, Map<string, Field>>();
  const froms: { value: VbValue; line: number; commented: boolean }[] = [];
  let createsMessage: VbLine | null = null;
  let cdonts: VbLine | null = null;
  for (const l of vbLines(content)) {
    if (/CreateObject\s*\(\s*"CDONTS\.NewMail"/i.test(l.text) && !l.commented) cdonts ??= l;
    if (/CreateObject\s*\(\s*"CDO\.Message"|New\s+CDO\.Message/i.test(l.text) && !l.commented) createsMessage ??= l;
    const withMatch = /^With\s+(.+)$/i.exec(l.text);
    if (withMatch) { withStack.push(withMatch[1].trim()); continue; }
    if (/^End\s+With$/i.test(l.text)) { withStack.pop(); continue; }
    // Bounded: a hostile megabyte line must not meet the lazy groups below.
    const assign = l.text.length > 2000 || !l.text.includes('=') ? null : /^(?:Const\s+|Dim\s+|Private\s+|Public\s+)*(?:Set\s+)?([\w.()]*?[\w)])?\s*(?:\.Item)?\s*\((.+?)\)\s*=\s*(.+)$/i.exec(l.text);
    const field = assign ? fieldName(assign[2], names) : null;
    if (assign && field) {
      const object = `${l.commented ? '#' : ''}${objectOf(assign[1] ?? '', withStack)}`;
      const entry: Field = { value: vbValue(assign[3], names), line: l.line, text: l.text, raw: assign[3].trim() };
      if (field === 'smtpserver') {
        blocks.push({ object, line: l.line, commented: l.commented, fields: new Map([...(pending.get(object) ?? []), ['smtpserver', entry]]) });
        pending.delete(object);
      } else {
        const block = [...blocks].reverse().find((b) => b.object === object);
        const target = block?.fields ?? pending.get(object) ?? new Map<string, Field>();
        target.set(field, entry);
        if (!block) pending.set(object, target);
      }
      if (field === 'sendpassword' && entry.value.kind === 'text') ctx.secret(entry.value.value);
      continue;
    }
    const from = /^(?:[\w.()]*)?\.From\s*=\s*(.+)$/i.exec(l.text);
    if (from) { froms.push({ value: vbValue(from[1], names), line: l.line, commented: l.commented }); continue; }
    const simple = /^(?:Const\s+|Dim\s+\w+\s*:\s*)?(\w+)\s*=\s*(.+)$/i.exec(l.text);
    if (simple && !l.commented) {
      const v = vbValue(simple[2], names);
      if (v.kind === 'text') names.set(simple[1].toLowerCase(), v.value);
    }
  }
  const findings = blocks.map((b) => blockFinding(b, froms, path, ctx));
  const pickup = [...pending.values()].find((f) => valueOf(f.get('sendusing')) === '1');
  const fallback = pickup ? { line: pickup.get('sendusing')!.line, why: 'sendusing = 1: messages go to the local SMTP service\'s pickup folder' }
    : cdonts ? { line: cdonts.line, why: 'CDONTS.NewMail drops messages in the local IIS SMTP pickup folder' }
      : createsMessage && !blocks.some((b) => !b.commented) ? { line: createsMessage.line, why: 'CDO.Message without configuration fields uses the local SMTP service\'s pickup folder (or the default Outlook Express account)' } : null;
  if (fallback && !findings.some((f) => f.active)) {
    findings.push(createFinding(detector, { path, exampleFile: ctx.exampleFile }, {
      line: fallback.line, key: 'local', host: 'localhost', port: null, security: 'none', auth: { method: 'none' }, role: roleOf(path),
      from: fromNear(froms, fallback.line, false)?.value ?? null, evidence: fallback.why, notes: [fallback.why, 'see the IIS SMTP (MetaBase) finding for where the local service relays to'],
    }));
  }
  return findings.length ? findings : null;
}

function fieldName(expr: string, names: Map<string, string>): string | null {
  const v = vbValue(expr, names);
  if (v.kind !== 'text') return null;
  const m = /cdo\/configuration\/(\w+)$/i.exec(v.value.trim());
  return m ? m[1].toLowerCase() : null;
}

/** The Fields object an assignment targets: `objMsg.Configuration.Fields`, `Flds`, or the open `With` target for `.Item(…)`. */
function objectOf(left: string, withStack: string[]): string {
  const object = left.replace(/\.Item$/i, '').replace(/\.Fields$/i, '.fields');
  return (object.startsWith('.') || object === '' ? `${withStack.at(-1) ?? ''}${object}` : object).toLowerCase();
}

function valueOf(f: Field | undefined): string | null {
  return f?.value.kind === 'text' ? f.value.value.trim() : null;
}

function fromNear(froms: { value: VbValue; line: number; commented: boolean }[], line: number, commented: boolean): { value: string; line: number } | null {
  const texts = froms.filter((f) => f.value.kind === 'text' && f.commented === commented).map((f) => ({ value: (f.value as { value: string }).value, line: f.line }));
  return texts.find((f) => f.line >= line) ?? texts.at(-1) ?? null;
}

function roleOf(path: string): 'app' | 'script' {
  return /\.asp$/i.test(path) ? 'app' : 'script';
}

function blockFinding(block: Block, froms: { value: VbValue; line: number; commented: boolean }[], path: string, ctx: ExtractContext): Finding {
  const notes: string[] = [];
  const f = block.fields;
  const server = f.get('smtpserver')!;
  const draft: FindingDraft = { line: block.line, key: `${block.object}:${block.line}`, role: roleOf(path), notes, valueSources: {}, locations: {}, evidence: server.text.slice(0, 300) };
  if (server.value.kind === 'text') {
    draft.host = server.value.value.trim();
    if (!isPlaceholder(draft.host)) draft.locations!.host = at(server.line, draft.host);
  } else {
    Object.assign(draft, { host: null, active: false, inactiveReason: 'unresolved' });
    draft.valueSources!.host = server.value.kind === 'env' ? `env:${server.value.name}` : `script-expression:${server.value.text}`;
  }
  const using = valueOf(f.get('sendusing'));
  if (using === '1') notes.push('sendusing = 1: CDO writes to the pickup folder; the server setting is not used');
  const portField = f.get('smtpserverport');
  const port = Number.parseInt(valueOf(portField) ?? '', 10) || 25;
  draft.port = port;
  if (portField && valueOf(portField)) draft.locations!.port = at(portField.line, valueOf(portField));
  draft.security = cdoSecurity(valueOf(f.get('smtpusessl'))?.toLowerCase() === 'true' || valueOf(f.get('smtpusessl')) === '1', port, notes);
  Object.assign(draft, authOf(f, notes));
  const from = fromNear(froms, block.line, block.commented) ?? (valueOf(f.get('sendemailaddress')) ? { value: valueOf(f.get('sendemailaddress'))!, line: f.get('sendemailaddress')!.line } : null);
  if (from) { draft.from = emailIn(from.value) ?? from.value; draft.locations!.from = at(from.line, from.value); }
  if (block.commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  return createFinding(detector, { path, exampleFile: ctx.exampleFile }, draft);
}

function authOf(f: Map<string, Field>, notes: string[]): Pick<FindingDraft, 'auth' | 'secretRef'> {
  const mode = valueOf(f.get('smtpauthenticate')) ?? '0';
  const user = f.get('sendusername');
  const username = valueOf(user);
  const password = f.get('sendpassword');
  let secret: SecretState = 'absent';
  let secretRef: string | undefined;
  if (password?.value.kind === 'text') secret = isSecretPlaceholder(password.value.value) ? 'absent' : 'present';
  else if (password?.value.kind === 'env') { secret = 'external'; secretRef = `env:${password.value.name}`; }
  else if (password) { secret = 'external'; secretRef = `script-expression:${(password.value as { text: string }).text}`; }
  // smtpauthenticate: 0 anonymous, 1 basic (cdoBasic), 2 NTLM (cdoNTLM, the script's Windows account).
  const method: AuthMethod = mode === '1' ? 'password' : mode === '2' ? 'ntlm' : 'none';
  if (method === 'none' && username) notes.push('sendusername is set but smtpauthenticate is 0: CDO connects anonymously');
  if (method === 'ntlm') notes.push('smtpauthenticate = 2: NTLM with the Windows account the script runs as');
  return { auth: { method, username: method === 'none' ? null : username, secret: method === 'password' ? secret : 'absent' }, secretRef: method === 'password' ? secretRef : undefined };
}
