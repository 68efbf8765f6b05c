// Security findings: open relays, AUTH over plaintext, TLS below 1.2, bad certificates, secrets stored in plain
// text (where they are, never the value). Worst first; one line per problem and place.
import type { Inventory } from '../inventory/types.js';
import type { FitnessRecord } from '../sandbox/types.js';
import { redactText } from './redact.js';
import type { SecurityFinding, SenderSection, Severity } from './types.js';
import { belowTls12, logClient, normaliseTls, where } from './views.js';

const RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

export function buildSecurity(inventory: Inventory | null, senders: SenderSection[], fitness: FitnessRecord[], now: Date): SecurityFinding[] {
  const out: SecurityFinding[] = [];
  const seen = new Set<string>();
  const add = (f: SecurityFinding) => {
    const key = `${f.code}\u0000${f.where}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ ...f, detail: redactText(f.detail) });
  };
  const owners = new Map<string, string>();
  for (const s of senders) {
    owners.set(s.id, s.id);
    for (const r of s.sources) if (r.id && !owners.has(r.id)) owners.set(r.id, s.id);
  }
  const senderOf = (id: string) => owners.get(id) ?? null;

  for (const p of inventory?.relays ?? []) {
    const at = `${p.host}:${p.port}`;
    const relayFor = senders.find((s) => s.probe?.host === p.host && s.probe?.port === p.port)?.id ?? null;
    if (p.openRelay) add({ severity: 'high', code: 'open-relay', title: 'Open relay', where: at, detail: `Accepted mail for an outside domain without authentication${p.relayReply ? ` (${p.relayReply})` : ''}.`, senderId: relayFor });
    if (p.authBeforeTls?.length) add({ severity: 'high', code: 'auth-plaintext', title: 'AUTH offered before STARTTLS', where: at, detail: `Passwords can travel in clear text: ${p.authBeforeTls.join(', ')} offered on the unencrypted session.`, senderId: relayFor });
    if (p.reachable && p.starttls && !p.starttls.offered) add({ severity: 'medium', code: 'no-starttls', title: 'No STARTTLS', where: at, detail: 'The relay does not offer STARTTLS: mail and any credentials cross the network unencrypted.', senderId: relayFor });
    const tls = p.starttls?.protocol;
    if (tls && belowTls12(tls)) add({ severity: 'medium', code: 'tls-below-1.2', title: 'TLS below 1.2', where: at, detail: `Negotiated ${normaliseTls(tls)}; Microsoft 365 requires TLS 1.2 or later.`, senderId: relayFor });
    const validTo = p.starttls?.validTo ? Date.parse(p.starttls.validTo) : NaN;
    if (!Number.isNaN(validTo) && validTo < now.getTime()) add({ severity: 'high', code: 'cert-expired', title: 'Expired certificate', where: at, detail: `Certificate ${p.starttls.certSubject ?? ''} expired on ${p.starttls.validTo}.`, senderId: relayFor });
    if (p.starttls?.selfSigned) add({ severity: 'medium', code: 'cert-self-signed', title: 'Self-signed certificate', where: at, detail: `Certificate ${p.starttls.certSubject ?? ''} is self-signed: clients cannot tell the relay from an impostor.`, senderId: relayFor });
    if (p.starttls?.hostnameMatch === false) add({ severity: 'low', code: 'cert-name-mismatch', title: 'Certificate name mismatch', where: at, detail: `Certificate ${p.starttls.certSubject ?? ''} does not name ${p.host}.`, senderId: relayFor });
    for (const f of p.findings ?? []) add({ severity: f.severity, code: 'probe', title: f.code, where: at, detail: f.message, senderId: relayFor });
  }

  for (const f of inventory?.findings ?? []) {
    const at = where(f.path, f.line);
    if (f.auth.secret === 'present') {
      add({ severity: f.active ? 'high' : 'medium', code: 'plaintext-secret', title: 'Password stored in plain text', where: at, detail: `${f.system}${f.auth.username ? ` account ${f.auth.username}` : ''}${f.active ? '' : ' (inactive setting, but the password is still in the file)'}.`, senderId: senderOf(f.id) });
    } else if (f.auth.secret === 'external' && f.secretRef && /^(file|map):/.test(f.secretRef)) {
      add({ severity: 'medium', code: 'plaintext-secret', title: 'Password stored in a separate plain-text file', where: f.secretRef.replace(/^(file|map):/, ''), detail: `${f.system}${f.auth.username ? ` account ${f.auth.username}` : ''} reads its password from this file.`, senderId: senderOf(f.id) });
    }
    if (f.active && f.auth.method === 'password' && f.security === 'none') {
      add({ severity: 'high', code: 'auth-plaintext', title: 'Password sent without TLS', where: at, detail: `${f.system} logs in to ${f.host ?? 'its server'}${f.port ? `:${f.port}` : ''} without encryption.`, senderId: senderOf(f.id) });
    }
  }

  for (const s of inventory?.senders ?? []) {
    const old = Object.entries(s.tls ?? {}).filter(([v, n]) => n > 0 && belowTls12(v));
    if (old.length) add({ severity: 'medium', code: 'tls-below-1.2', title: 'Client uses TLS below 1.2', where: logClient(s), detail: `${old.map(([v, n]) => `${normaliseTls(v)} × ${n}`).join(', ')} in ${s.source} logs; Microsoft 365 requires TLS 1.2 or later.`, senderId: senderOf(s.id) });
    const plain = (s.tls?.none ?? 0) > 0;
    const authed = Object.entries(s.auth ?? {}).some(([k, n]) => k !== 'none' && n > 0);
    if (plain && authed) add({ severity: 'medium', code: 'auth-plaintext', title: 'Client may log in without TLS', where: logClient(s), detail: `Logs show unencrypted sessions (${s.tls.none}) and logins from this client.`, senderId: senderOf(s.id) });
  }

  for (const d of inventory?.manual ?? []) {
    if (d.maxTls === '1.0' || d.maxTls === '1.1') add({ severity: 'medium', code: 'tls-below-1.2', title: 'Device limited to old TLS', where: d.ip ?? d.name, detail: `${d.name} supports TLS ${d.maxTls} at most.`, senderId: senderOf(d.id) });
  }

  for (const r of fitness) {
    if (r.tls.protocol && belowTls12(r.tls.protocol)) {
      const sender = senders.find((s) => s.fitness.some((v) => v.at === r.at && v.client.includes(r.clientIp)))?.id ?? null;
      add({ severity: 'medium', code: 'tls-below-1.2', title: 'Device rehearsed with old TLS', where: r.clientName ? `${r.clientName} [${r.clientIp}]` : r.clientIp, detail: `Offered ${normaliseTls(r.tls.protocol)} to the sandbox.`, senderId: sender });
    }
  }
  const flagged = new Set(out.filter((f) => f.code === 'tls-below-1.2').map((f) => f.senderId));
  for (const s of senders) {
    if (!flagged.has(s.id) && s.current.maxTls && belowTls12(s.current.maxTls)) {
      add({ severity: 'medium', code: 'tls-below-1.2', title: 'Sender limited to old TLS', where: s.name, detail: `Highest TLS seen: ${normaliseTls(s.current.maxTls)}; Microsoft 365 requires TLS 1.2 or later.`, senderId: s.id });
    }
  }
  return out.sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.code.localeCompare(b.code) || a.where.localeCompare(b.where));
}
