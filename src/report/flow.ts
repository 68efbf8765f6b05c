// Mail flow before and after as nodes and edges: senders → the server each talks to → where the mail ends up.
// Large estates fold senders of one kind and system into one node, so the diagram stays readable.
import type { Target } from '../plan/types.js';
import { endpointLabel, kindLabel, targetLabel } from './labels.js';
import type { FlowEdge, FlowGraph, FlowNode, SenderSection, Tone } from './types.js';

const MAX_SENDER_NODES = 24;
const TONE_RANK: Record<Tone, number> = { fail: 0, warn: 1, neutral: 2, ok: 3 };

interface Hop { id: string; label: string; detail: string | null; tone: Tone }

function worst(a: Tone, b: Tone): Tone {
  return TONE_RANK[a] <= TONE_RANK[b] ? a : b;
}

function senderNodeId(s: SenderSection, grouped: boolean): string {
  return grouped ? `group:${s.kind}:${s.system}` : `sender:${s.id}`;
}

function build(senders: SenderSection[], hop: (s: SenderSection) => { via: Hop; to: Hop | null; tone: Tone }): FlowGraph {
  const grouped = senders.length > MAX_SENDER_NODES;
  const nodes = new Map<string, FlowNode>();
  const edges = new Map<string, FlowEdge>();
  const node = (id: string, make: () => FlowNode) => {
    const existing = nodes.get(id);
    if (existing) return existing;
    const created = make();
    nodes.set(id, created);
    return created;
  };
  const edge = (from: string, to: string, tone: Tone) => {
    const key = `${from}\u0000${to}`;
    const existing = edges.get(key);
    if (existing) existing.tone = worst(existing.tone, tone);
    else edges.set(key, { from, to, label: null, tone });
  };
  for (const s of senders) {
    const { via, to, tone } = hop(s);
    const senderId = senderNodeId(s, grouped);
    const sender = node(senderId, () => ({ id: senderId, label: grouped ? s.system || kindLabel(s.kind) : s.name, detail: grouped ? kindLabel(s.kind) : `${kindLabel(s.kind)} · ${s.system}`, column: 0, count: 0, tone }));
    sender.count++;
    sender.tone = worst(sender.tone, tone);
    const middle = node(via.id, () => ({ ...via, column: 1, count: 0 }));
    middle.count++;
    middle.tone = worst(middle.tone, via.tone);
    edge(senderId, via.id, tone);
    if (!to) continue;
    const end = node(to.id, () => ({ ...to, column: 2, count: 0 }));
    end.count++;
    edge(via.id, to.id, to.tone);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

function hostPort(host: string | null, port: number | null): string {
  return host ? `${host}${port ? `:${port}` : ''}` : 'unknown server';
}

function beforeHop(s: SenderSection): { via: Hop; to: Hop | null; tone: Tone } {
  const c = s.current;
  const basic = c.auth === 'password' && ['m365-submission', 'windows-live', 'outlook-consumer'].includes(c.endpointKind);
  const plaintextLogin = c.auth === 'password' && c.security === 'none';
  const tone: Tone = basic || plaintextLogin ? 'fail' : c.endpointKind === 'internal' || c.endpointKind === 'local' ? 'warn' : 'neutral';
  const via: Hop = { id: `via:${hostPort(c.host, c.port).toLowerCase()}`, label: hostPort(c.host, c.port), detail: endpointLabel(c.endpointKind), tone };
  const cloud = ['m365-submission', 'm365-mx', 'm365-hve'].includes(c.endpointKind);
  const to: Hop = cloud ? { id: 'dest:m365', label: 'Microsoft 365', detail: 'Exchange Online', tone: 'neutral' }
    : c.endpointKind === 'acs' ? { id: 'dest:acs', label: 'Azure Communication Services', detail: 'Email', tone: 'neutral' }
    : c.endpointKind === 'windows-live' || c.endpointKind === 'outlook-consumer' ? { id: 'dest:consumer', label: 'Outlook.com / Hotmail', detail: 'personal account', tone: 'warn' }
    : c.endpointKind === 'other-public' ? { id: 'dest:public', label: 'Other provider', detail: 'outside Microsoft 365', tone: 'neutral' }
    : { id: 'dest:onward', label: 'Onward from the relay', detail: 'Internet and Microsoft 365', tone: 'neutral' };
  return { via, to, tone };
}

const TARGET_ENDPOINTS: Record<Target, string> = {
  graph: 'graph.microsoft.com',
  'smtp-oauth': 'smtp.office365.com:587',
  'direct-send': 'tenant MX endpoint:25',
  'connector-relay': 'tenant MX endpoint:25',
  hve: 'smtp.hve.mx.microsoft:587',
  acs: 'smtp.azurecomm.net:587',
  bridge: 'local bridge relay',
  'smtp-basic': 'smtp.office365.com:587',
};

function afterHop(s: SenderSection): { via: Hop; to: Hop | null; tone: Tone } {
  if (!s.target) return { via: { id: 'target:unplanned', label: targetLabel('unplanned'), detail: 'run relay365 plan', tone: 'warn' }, to: null, tone: 'warn' };
  const t = s.target.target;
  const v = s.verification.status;
  const tone: Tone = t === 'smtp-basic' || v === 'fail' ? 'fail' : v === 'pass' ? 'ok' : v === 'warn' ? 'warn' : 'neutral';
  const endpoint = t === 'graph' || t === 'bridge' || !s.target.settings.host ? TARGET_ENDPOINTS[t] : hostPort(s.target.settings.host, s.target.settings.port);
  const via: Hop = { id: `target:${t}:${endpoint.toLowerCase()}`, label: targetLabel(t), detail: endpoint, tone };
  const to: Hop = t === 'acs' ? { id: 'dest:acs', label: 'Azure Communication Services', detail: 'Email', tone: 'neutral' }
    : { id: 'dest:m365', label: 'Microsoft 365', detail: 'Exchange Online', tone: 'neutral' };
  return { via, to, tone };
}

export function buildFlow(senders: SenderSection[]): { before: FlowGraph; after: FlowGraph } {
  const moving = senders.filter((s) => s.status !== 'skipped');
  return { before: build(moving, beforeHop), after: build(moving, afterHop) };
}
