// Group findings, log clients, probes and hand-entered devices from many inventories into Senders:
// one per device, app or service. The same sender seen in a config and in the logs is one (matched by
// SASL username, From address, or the machine it runs on); a relay and each of its log clients are separate.
import type { Finding, Inventory, ManualDevice } from '../inventory/types.js';
import type { LogSender } from '../logs/types.js';
import type { ProbeResult } from '../probe/types.js';
import { classifyHost } from '../m365/endpoints.js';
import { stableId } from '../util/hash.js';
import { isRelayFormat, profileOf } from './formats.js';
import { compareTls, recipientsOf, shortName, tlsOf, tlsVersionOf, volumeOf, type Sender } from './sender.js';
import { machineOfPath, machineOfInventory } from './machine.js';

export interface InventoryInput {
  inventory: Inventory;
  /** The inventory file, when read from one: its name can say which machine it came from. */
  file?: string;
}

interface Unit {
  kind: 'findings' | 'log' | 'manual' | 'probe';
  key: string;
  machine: string | null;
  findings: Finding[];
  log?: LogSender;
  manual?: ManualDevice;
  probe?: ProbeResult;
  relay: boolean;
}

const LOOPBACK = /^(127\.|::1$|localhost)/i;
const DEVICE_NAME = /(mfp|printer|prn|scan|copier|ricoh|canon|xerox|kyocera|konica|brother|sharp|lexmark|ups|apc|pdu|idrac|ilo|bmc|ipmi|nas|synology|qnap|camera|nvr)/i;

export function groupSenders(inputs: InventoryInput[]): Sender[] {
  const units = collectUnits(inputs);
  const parent = units.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const union = (a: number, b: number) => { parent[find(a)] = find(b); };

  const relayUnitOf = new Map<string, number>();
  units.forEach((u, i) => { if (u.relay && u.machine) relayUnitOf.set(u.machine, i); });
  const findingUnitsOnMachine = new Map<string, number[]>();
  units.forEach((u, i) => {
    if (u.kind === 'findings' && u.machine) findingUnitsOnMachine.set(u.machine, [...(findingUnitsOnMachine.get(u.machine) ?? []), i]);
  });

  const byUser = new Map<string, number>();
  const byFrom = new Map<string, number>();
  const byIp = new Map<string, number>();
  const link = (map: Map<string, number>, key: string | null | undefined, i: number) => {
    if (!key) return;
    const k = key.toLowerCase();
    const other = map.get(k);
    if (other === undefined) map.set(k, i);
    else union(i, other);
  };

  // Findings and manual devices first, so log clients attach to them.
  units.forEach((u, i) => {
    if (u.kind === 'findings' && !u.relay) {
      for (const f of u.findings) { link(byUser, f.auth.username, i); link(byFrom, f.from, i); }
    }
    if (u.kind === 'manual' && u.manual) {
      link(byIp, u.manual.ip, i); link(byUser, u.manual.auth.username, i); link(byFrom, u.manual.from, i);
    }
  });
  units.forEach((u, i) => {
    if (u.kind !== 'log' || !u.log) return;
    const log = u.log;
    const relayMachine = shortName(relayHost(log.relay));
    if (isLoopback(log) && relayMachine && relayUnitOf.has(relayMachine)) { union(i, relayUnitOf.get(relayMachine)!); return; }
    link(byUser, log.saslUser, i);
    if (log.envelopeFrom.length <= 5) for (const from of log.envelopeFrom) link(byFrom, from, i);
    link(byIp, log.ip, i);
    // The machine it comes from has exactly one config finding: that is this client.
    const client = shortName(log.host);
    const onMachine = client ? findingUnitsOnMachine.get(client) ?? [] : [];
    if (onMachine.length === 1 && client !== relayMachine) union(i, onMachine[0]);
  });
  units.forEach((u, i) => {
    if (u.kind !== 'probe' || !u.probe) return;
    const relay = relayUnitOf.get(shortName(u.probe.host) ?? '');
    if (relay !== undefined) union(i, relay);
  });

  const components = new Map<number, Unit[]>();
  units.forEach((u, i) => components.set(find(i), [...(components.get(find(i)) ?? []), u]));
  const senders = [...components.values()].map(buildSender);
  linkRelays(senders);
  return senders.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

function isLoopback(log: LogSender): boolean {
  return LOOPBACK.test(log.ip ?? '') || LOOPBACK.test(log.host ?? '');
}

function collectUnits(inputs: InventoryInput[]): Unit[] {
  const seen = new Set<string>();
  const units: Unit[] = [];
  const findingUnits = new Map<string, Unit>();
  for (const { inventory, file } of inputs) {
    const inventoryMachine = machineOfInventory(inventory, file);
    for (const finding of inventory.findings ?? []) {
      if (!finding?.active || seen.has(`f:${finding.id}`)) continue;
      seen.add(`f:${finding.id}`);
      const machine = machineOfPath(finding.path) ?? inventoryMachine;
      const relay = finding.role === 'relay' || isRelayFormat(finding.detector);
      const dir = finding.path.replace(/\\/g, '/').replace(/\/[^/]*$/, '');
      const account = finding.auth.username ?? finding.from ?? finding.host ?? '';
      const key = relay ? `relay:${machine ?? dir}:${finding.detector}` : `cfg:${finding.detector}:${finding.path}:${account.toLowerCase()}`;
      const existing = findingUnits.get(key);
      if (existing) { existing.findings.push(finding); continue; }
      const unit: Unit = { kind: 'findings', key, machine, findings: [finding], relay };
      findingUnits.set(key, unit);
      units.push(unit);
    }
    for (const log of inventory.senders ?? []) {
      if (!log || seen.has(`l:${log.id}`)) continue;
      seen.add(`l:${log.id}`);
      units.push({ kind: 'log', key: `log:${log.id}`, machine: shortName(log.host) ?? log.ip, findings: [], log, relay: false });
    }
    for (const manual of inventory.manual ?? []) {
      if (!manual || seen.has(`m:${manual.id}`)) continue;
      seen.add(`m:${manual.id}`);
      units.push({ kind: 'manual', key: `manual:${manual.id}`, machine: shortName(manual.host) ?? manual.ip, findings: [], manual, relay: false });
    }
    for (const probe of inventory.relays ?? []) {
      const target = `${probe?.host}:${probe?.port}`;
      if (!probe || seen.has(`p:${target}`)) continue;
      seen.add(`p:${target}`);
      units.push({ kind: 'probe', key: `probe:${target}`, machine: shortName(probe.host), findings: [], probe, relay: true });
    }
  }
  return units;
}

function buildSender(units: Unit[]): Sender {
  const findings = units.flatMap((u) => u.findings).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const primary = findings.find((f) => f.detector === units.find((u) => u.kind === 'findings')?.findings[0]?.detector) ?? findings[0];
  const logs = units.flatMap((u) => (u.log ? [u.log] : []));
  const manual = units.find((u) => u.manual)?.manual ?? null;
  const probes = units.flatMap((u) => (u.probe ? [u.probe] : []));
  const relay = units.some((u) => u.relay);
  const machine = units.find((u) => u.kind === 'findings')?.machine ?? (manual ? shortName(manual.host) ?? manual.ip : null) ?? units.find((u) => u.machine)?.machine ?? null;
  const profile = profileOf(primary?.detector);
  const volume = volumeOf(logs);
  const from = unique([...findings.map((f) => f.from), ...logs.flatMap((l) => l.envelopeFrom), manual?.from]);
  // A relay's own TLS is what a probe negotiated with it; its log lines describe its clients, not itself.
  const tls = manual && manual.maxTls !== 'unknown' ? { best: manual.maxTls, worst: manual.maxTls } : relay ? tlsOfProbes(probes) : tlsOf(logs);
  const basis = units.map((u) => u.key).sort()[0];
  const firstLog = logs[0];
  const sender: Sender = {
    id: stableId('sender', primary ? `${primary.detector}:${primary.path}:${(primary.auth.username ?? primary.from ?? primary.host ?? '').toLowerCase()}` : basis),
    name: '',
    kind: primary ? (primary.role ?? profile.kind) : manual ? 'device' : relay ? 'relay' : guessKind(firstLog),
    system: primary?.system ?? (manual ? manual.kind : probes.length && !logs.length ? 'SMTP relay (probed)' : 'seen in relay logs'),
    format: primary?.detector ?? null,
    machine,
    findings,
    logs,
    probes,
    manual,
    host: primary?.host ?? manual?.host ?? probes[0]?.host ?? relayHost(firstLog?.relay),
    port: primary?.port ?? manual?.port ?? probes[0]?.port ?? (firstLog ? 25 : null),
    security: primary?.security ?? manual?.security ?? (tls.best === 'none' ? 'none' : tls.best ? 'starttls' : 'unknown'),
    auth: primary ? { method: primary.auth.method, username: primary.auth.username }
      : manual ? { method: manual.auth.method, username: manual.auth.username }
      : { method: logs.some((l) => l.saslUser) ? 'password' : logs.length ? 'none' : 'unknown', username: logs.find((l) => l.saslUser)?.saslUser ?? null },
    from,
    endpointKind: primary?.endpointKind ?? (manual ? classifyHost(manual.host) : firstLog ? 'internal' : 'unknown'),
    volume,
    tls,
    recipients: recipientsOf(volume),
    supportsOAuth: manual ? manual.supportsOAuth : primary ? profile.oauth !== 'none' : null,
    clients: [],
    via: null,
    where: [
      ...findings.map((f) => `${f.path}${f.line ? `:${f.line}` : ''}`),
      ...logs.map((l) => `log:${l.files[0] ?? l.source} (${[l.host, l.ip, l.saslUser].filter(Boolean).join(', ')})`),
      ...probes.map((p) => `probe:${p.host}:${p.port}`),
      ...(manual ? [`manual:${manual.name}`] : []),
    ],
    notes: [...new Set(findings.flatMap((f) => f.notes ?? []))],
  };
  sender.name = nameOf(sender);
  return sender;
}

function guessKind(log: LogSender | undefined): Sender['kind'] {
  if (!log) return 'unknown';
  return DEVICE_NAME.test(log.host ?? log.helo ?? '') ? 'device' : 'unknown';
}

function nameOf(s: Sender): string {
  if (s.manual) return s.manual.name;
  const account = s.auth.username ?? s.findings[0]?.from ?? null;
  if (s.findings.length) {
    const where = s.machine ?? s.findings[0].path;
    return `${s.system} on ${where}${account && s.kind !== 'relay' ? ` (${account})` : ''}`;
  }
  if (s.logs.length) {
    const log = s.logs[0];
    // Postfix logs `unknown` for a client without reverse DNS: the IP is its name then.
    const host = log.host && log.host !== 'unknown' ? log.host : null;
    const who = host && log.ip && host !== log.ip ? `${host} [${log.ip}]` : host ?? log.ip ?? 'unknown client';
    // Exim shows the HELO name when there is no reverse DNS: a hint to which device it is, said as the client's claim
    const helo = !host && log.helo ? ` (HELO ${log.helo})` : '';
    return `${who}${helo}${log.saslUser ? ` (${log.saslUser})` : ''}`;
  }
  const probe = s.probes[0];
  return probe ? `relay ${probe.host}:${probe.port}` : s.id;
}

/** Relays get their clients (from the logs they wrote, or configs pointing at them) and their clients' traffic. */
function linkRelays(senders: Sender[]): void {
  const relays = senders.filter((s) => s.kind === 'relay');
  const relayByMachine = new Map(relays.flatMap((r) => [r.machine, ...r.probes.map((p) => shortName(p.host))].filter(Boolean).map((m) => [m as string, r])));
  // Relays seen only in logs: the log clients name a relay host that no config or probe covers.
  for (const s of [...senders]) {
    for (const log of s.logs) {
      const host = relayHost(log.relay);
      const name = shortName(host);
      if (!host || !name || relayByMachine.has(name) || s.kind === 'relay') continue;
      const synthetic: Sender = {
        id: stableId('sender', 'log-relay', name), name: `relay ${host} (seen in its logs)`, kind: 'relay', system: `${log.source} relay`,
        format: null, machine: name, findings: [], logs: [], probes: [], manual: null, host, port: 25, security: 'unknown',
        auth: { method: 'unknown', username: null }, from: [], endpointKind: classifyHost(host), volume: null, tls: { best: null, worst: null },
        recipients: 'unknown', supportsOAuth: null, clients: [], via: null, where: [`log:${log.files[0] ?? log.source}`], notes: [],
      };
      senders.push(synthetic);
      relays.push(synthetic);
      relayByMachine.set(name, synthetic);
    }
  }
  for (const s of senders) {
    if (s.kind === 'relay') continue;
    const relay = s.logs.map((l) => relayByMachine.get(shortName(relayHost(l.relay)) ?? '')).find(Boolean)
      ?? (s.findings.length ? relayByMachine.get(shortName(s.host) ?? '') : undefined);
    if (!relay || relay === s) continue;
    relay.clients.push(s.id);
    if (!s.findings.length) s.via = { id: relay.id, name: relay.name };
  }
  for (const relay of relays) {
    const clientLogs = senders.filter((s) => relay.clients.includes(s.id)).flatMap((s) => s.logs);
    const all = [...relay.logs, ...clientLogs];
    relay.volume = volumeOf(all);
    relay.recipients = recipientsOf(relay.volume);
    relay.from = unique([...relay.from, ...all.flatMap((l) => l.envelopeFrom)]);
  }
}

function tlsOfProbes(probes: ProbeResult[]): Sender['tls'] {
  const versions = probes.map((p) => (p.starttls?.negotiated && p.starttls.protocol ? tlsVersionOf(p.starttls.protocol) : null)).filter((v): v is NonNullable<typeof v> => v !== null);
  if (!versions.length) return { best: null, worst: null };
  versions.sort(compareTls);
  return { best: versions.at(-1)!, worst: versions[0] };
}

function unique(values: (string | null | undefined)[]): string[] {
  const seen = new Map<string, string>();
  for (const v of values) if (v && !seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
  return [...seen.values()];
}

/** The machine a log names as the relay: "relay01/postfix-out" (a second Postfix instance) runs on relay01. */
function relayHost(relay: string | null | undefined): string | null {
  return relay ? relay.split('/')[0] || null : null;
}
