// Dovecot (config-formats.md §1.9): the submission service proxies every message its users submit to
// `submission_relay_host` (port `submission_relay_port`, default 25; `submission_relay_ssl = no|smtps|starttls`,
// default no; optional `submission_relay_user`/`_master_user`/`_password`). LDA and LMTP send forwards, vacation
// replies and rejects to `submission_host = host[:port]` (default port 25, `submission_ssl`) instead of sendmail.
// Settings are read per file and per filter (`protocol submission { … }` over the top level); a value written
// as `<path` is read from that file by Dovecot, and a password there is a reference, never read.
import type { Finding, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, emailIn, locationsOf, parseBool, parseHostPort, parsePort, secretState, splitLines } from '../../values.js';
import { dovecotSettings, type Setting } from './settings.js';

const detector = { id: 'dovecot', system: 'Dovecot' };

const SSL: Record<string, Security> = { no: 'none', smtps: 'tls', submissions: 'tls', starttls: 'starttls' };
/** A hand-written file keeps a few old relays in comments: more is not a configuration. */
const MAX_FINDINGS = 100;

type Lookup = (key: string) => Setting | undefined;

interface Target { hostKey: string; sslKey: string; role: 'relay' | 'app'; purpose: string }

const RELAY: Target = { hostKey: 'submission_relay_host', sslKey: 'submission_relay_ssl', role: 'relay', purpose: 'the submission service relays every message its users submit through this server' };
const LDA: Target = { hostKey: 'submission_host', sslKey: 'submission_ssl', role: 'app', purpose: 'LDA/LMTP send forwards, vacation replies and rejects through this server instead of sendmail' };

function securityOf(ssl: Setting | undefined, notes: string[]): Security {
  if (!ssl) { notes.push('no SSL setting: Dovecot connects without TLS (default no)'); return 'none'; }
  const security = SSL[ssl.value.toLowerCase()];
  if (security) return security;
  notes.push(`${ssl.key} = ${ssl.value.slice(0, 40)}: not no, smtps or starttls`);
  return 'unknown';
}

function relayAuth(get: Lookup, ctx: ExtractContext, notes: string[]): Pick<FindingDraft, 'auth' | 'secretRef'> & { user?: Setting } {
  const user = get('submission_relay_user');
  const master = get('submission_relay_master_user');
  const password = get('submission_relay_password');
  const secret = password?.file ? { secret: 'external' as const, ref: `file:${password.file}` } : secretState(password?.value, (v) => ctx.secret(v));
  if (master?.value) notes.push(`logs in as master user ${master.value.slice(0, 60)} on behalf of the relay user`);
  if (get('submission_relay_trusted') && parseBool(get('submission_relay_trusted')!.value)) notes.push('submission_relay_trusted = yes: Dovecot sends XCLIENT (Postfix-specific), which Microsoft 365 does not accept');
  if (!user?.value && !master?.value) return { auth: { method: secret.secret === 'absent' ? 'none' : 'password', username: null, secret: secret.secret }, secretRef: secret.ref };
  return { auth: { method: 'password', username: user?.value || master?.value || null, secret: secret.secret }, secretRef: secret.ref, user };
}

function draftOf(target: Target, host: Setting, get: Lookup, ctx: ExtractContext): FindingDraft {
  const notes = [target.purpose];
  const security = securityOf(get(target.sslKey), notes);
  const written = parseHostPort(host.value);
  const portSetting = target === RELAY ? get('submission_relay_port') : undefined;
  const port = parsePort(portSetting?.value) ?? written.port ?? 25;
  if (security === 'tls' && port === 25) notes.push('implicit TLS on port 25: set the port to 465 (Dovecot keeps 25 as the default)');
  if (target === RELAY && get('submission_relay_ssl_verify') && parseBool(get('submission_relay_ssl_verify')!.value) === false) notes.push('submission_relay_ssl_verify = no: the certificate is not checked');
  const auth = target === RELAY ? relayAuth(get, ctx, notes) : { auth: { method: 'none' as const, username: null, secret: 'absent' as const } };
  const postmaster = target === LDA ? get('postmaster_address') : undefined;
  const from = postmaster && !postmaster.value.includes('%') ? emailIn(postmaster.value) : null;
  if (host.scope) notes.push(`set inside ${host.scope.slice(0, 80)} { }`);
  return {
    line: host.line, key: `${target.hostKey}:${host.line}`,
    host: written.host, port, security, ...auth, from, active: !host.commented,
    evidence: host.text, role: target.role, notes,
    locations: locationsOf({
      host: { line: host.line, value: written.host }, port: portSetting ?? (written.port ? { line: host.line, value: written.port } : null),
      security: get(target.sslKey), username: 'user' in auth ? auth.user : null, from: from ? postmaster : null,
    }),
  };
}

/** The live setting of a key in a scope: the scope's own, else the top level's; the last one wins. */
function lookupIn(live: Setting[], scope: string): Lookup {
  return (key) => live.findLast((s) => s.key === key && s.scope === scope) ?? live.findLast((s) => s.key === key && s.scope === '');
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const settings = dovecotSettings(splitLines(content));
  const live = settings.filter((s) => !s.commented);
  // a password in a comment is still somebody's password
  for (const s of settings) if (s.key === 'submission_relay_password' && s.commented) secretState(s.value, (v) => ctx.secret(v));
  const drafts: FindingDraft[] = [];
  for (const target of [RELAY, LDA]) {
    const hosts = live.filter((s) => s.key === target.hostKey);
    for (const scope of new Set(hosts.map((s) => s.scope))) {
      const host = hosts.findLast((s) => s.scope === scope)!;
      if (host.value) drafts.push(draftOf(target, host, lookupIn(live, scope), ctx));
    }
    const isHost = (key: string) => key === target.hostKey;
    for (const block of commentedBlocks(settings.filter((s) => s.commented), isHost)) {
      const host = block.get(target.hostKey) as Setting;
      if (host.value) drafts.push(draftOf(target, host, (key) => block.get(key) as Setting | undefined, ctx));
    }
  }
  if (drafts.length > MAX_FINDINGS) {
    ctx.warn('too-large', `${drafts.length} relay settings; reading the first ${MAX_FINDINGS}`);
    drafts.length = MAX_FINDINGS;
  }
  const exampleFile = ctx.exampleFile;
  const findings = drafts.sort((a, b) => a.line! - b.line!).map((d) => createFinding(detector, { path, exampleFile }, d));
  return findings.length ? findings : null;
}
