// SQL Server Reporting Services / Power BI Report Server `rsreportserver.config`: the "Report Server Email" delivery
// extension's `<RSEmailDPConfiguration>` (config-formats.md §2.8). SSRS sends through CDO, so SMTPUseSSL reads as in
// CDO; the Basic-auth user name and password (SendUserName, SendPassword) are stored encrypted by the report server.
import type { AuthMethod, Finding, SecretState } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, parseBool, parsePort, xmlLeaves, type XmlLeaf } from '../../values.js';
import { cdoSecurity } from '../cdo/extract.js';

const detector = { id: 'ssrs', system: 'SQL Server Reporting Services' };
const EMAIL_ELEMENTS = /^(?:SMTPServer|SMTPServerPort|SMTPUseSSL|SendUsing|SMTPAuthenticate|From|SMTPServerPickupDirectory)$/;

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const { leaves, complete } = xmlLeaves(content);
  if (!complete) ctx.warn('truncated', 'the file ends inside a tag or comment; read what was there');
  const groups = new Map<string, Map<string, XmlLeaf>>();
  for (const leaf of leaves) {
    // A comment does not know where it sits: `<!-- <SMTPServer>old</SMTPServer> -->` counts when its element is ours.
    const commentedOwn = leaf.commented && leaf.path.length === 1 && EMAIL_ELEMENTS.test(leaf.path[0]);
    const i = commentedOwn ? -1 : leaf.path.lastIndexOf('RSEmailDPConfiguration');
    if (!commentedOwn && (i < 0 || leaf.path.length !== i + 2)) continue;
    const id = commentedOwn ? '#commented' : String(leaf.group);
    const group = groups.get(id) ?? new Map<string, XmlLeaf>();
    group.set(leaf.path[i + 1].toLowerCase(), leaf);
    groups.set(id, group);
  }
  const secrets: string[] = [];
  for (const group of groups.values()) {
    for (const key of ['sendpassword', 'sendusername']) {
      const v = group.get(key)?.value.trim();
      if (v) { ctx.secret(v); secrets.push(v); }
    }
  }
  const findings = [...groups.values()].map((g) => configFinding(g, path, ctx, secrets)).filter((f): f is Finding => f !== null);
  return findings.length ? findings : null;
}

function configFinding(g: Map<string, XmlLeaf>, path: string, ctx: ExtractContext, secrets: string[]): Finding | null {
  const text = (key: string) => g.get(key)?.value.trim() || null;
  const notes: string[] = [];
  const server = g.get('smtpserver');
  const pickup = text('smtpserverpickupdirectory');
  // SendUsing: 2 = network (the default when a server is set), 1 = the local SMTP service's pickup folder.
  const sendUsing = text('sendusing') ?? (server ? '2' : pickup ? '1' : null);
  if (!text('smtpserver') && sendUsing !== '1') return null;
  const anchor = sendUsing === '1' ? g.get('sendusing') ?? g.get('smtpserverpickupdirectory')! : server!;
  const draft: FindingDraft = { line: anchor.line, key: String(anchor.line), role: 'app', notes, locations: {}, evidence: `<RSEmailDPConfiguration> <SMTPServer>${text('smtpserver') ?? ''}</SMTPServer> <SendUsing>${sendUsing}</SendUsing>` };
  if (sendUsing === '1') {
    Object.assign(draft, { host: 'localhost', port: null, security: 'none', auth: { method: 'none' } });
    notes.push(`SendUsing = 1: reports are dropped in the pickup folder${pickup ? ` ${pickup}` : ''} of the local SMTP service; see its own finding`);
  } else {
    draft.host = text('smtpserver');
    draft.locations!.host = at(server!.line, draft.host);
    const portLeaf = g.get('smtpserverport');
    draft.port = parsePort(portLeaf?.value) ?? 25;
    if (portLeaf && parsePort(portLeaf.value)) draft.locations!.port = at(portLeaf.line, portLeaf.value.trim());
    draft.security = cdoSecurity(parseBool(text('smtpusessl')) === true, draft.port, notes);
    Object.assign(draft, authOf(g, path, notes));
  }
  const from = g.get('from');
  if (from?.value.trim()) {
    draft.from = emailIn(from.value) ?? from.value.trim();
    draft.locations!.from = at(from.line, from.value.trim());
  }
  if (server?.commented || anchor.commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  return createFinding(detector, { path, exampleFile: ctx.exampleFile, secrets }, draft);
}

function authOf(g: Map<string, XmlLeaf>, path: string, notes: string[]): Pick<FindingDraft, 'auth' | 'secretRef'> {
  // SMTPAuthenticate: 0 anonymous, 1 Basic (SendUserName/SendPassword), 2 NTLM as the report server's service account.
  const mode = g.get('smtpauthenticate')?.value.trim() || '0';
  if (mode === '2') {
    notes.push('SMTPAuthenticate = 2: NTLM as the Report Server service account (it needs Send As on the From address)');
    return { auth: { method: 'ntlm', username: null, secret: 'absent' } };
  }
  if (mode !== '1') return { auth: { method: 'none', username: null, secret: 'absent' } };
  const user = g.get('sendusername')?.value.trim() ?? '';
  // Configuration Manager writes both values encrypted; a hand-edited file may hold a readable user name.
  const readable = /^[^\s=]+@[\w.-]+$|^[\w.-]+\\[\w.$-]+$/.test(user);
  if (user && !readable) notes.push('the user name is stored encrypted (SendUserName)');
  const password = g.get('sendpassword');
  let secret: SecretState = 'external';
  let secretRef = 'ssrs:encrypted by the report server (set in Report Server Configuration Manager)';
  if (password?.value.trim()) { secret = 'present'; secretRef = `encrypted:${path}:${password.line}`; }
  notes.push('Basic authentication: the password is encrypted with the report server\'s key');
  const method: AuthMethod = 'password';
  return { auth: { method, username: readable ? user : null, secret }, secretRef };
}
