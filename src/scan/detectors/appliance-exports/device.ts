// What every appliance reader hands back: one mail setting of one device, in plain fields, turned into a finding here.
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, isPlaceholder, isSecretPlaceholder } from '../../values.js';

export interface DeviceValue { value: string; line: number; commented?: boolean }

export interface DeviceSetting {
  system: string;
  host: DeviceValue;
  port: DeviceValue | null;
  defaultPort: number;
  security: Security;
  username: DeviceValue | null;
  password: DeviceValue | null;
  /** Authentication switched on (when the format says so); null: decided by whether a user name is set. */
  auth: boolean | null;
  from: DeviceValue | null;
  enabled: boolean;
  notes: string[];
  evidence: string;
}

const MASKED = /^(?:\*+|<hidden>|<not set>|\(hidden\)|x{4,})$/i;

/** Unset host values as the firmware exports them. */
export function unsetHost(value: string | undefined | null): boolean {
  const v = (value ?? '').trim();
  return !v || v === '0.0.0.0' || v === '::' || isPlaceholder(v);
}

export function deviceFinding(s: DeviceSetting, path: string, ctx: ExtractContext, key: string): Finding {
  const notes = [...s.notes];
  const port = Number.parseInt(s.port?.value ?? '', 10) || s.defaultPort;
  const username = s.username?.value.trim() || null;
  const raw = s.password?.value.trim() ?? '';
  let secret: 'present' | 'absent' | 'external' = 'absent';
  let secretRef: string | undefined;
  if (MASKED.test(raw)) {
    secret = 'external';
    secretRef = 'device:stored on the device (masked in the export)';
  } else if (raw && !isSecretPlaceholder(raw)) {
    ctx.secret(raw);
    secret = 'present';
  }
  const signIn = s.auth ?? Boolean(username);
  const draft: FindingDraft = {
    line: s.host.line, key, system: s.system, role: 'device', notes,
    host: s.host.value.trim(), port, security: s.security,
    auth: { method: signIn ? 'password' : 'none', username: signIn ? username : null, secret: signIn ? secret : 'absent' },
    secretRef: signIn ? secretRef : undefined,
    from: s.from ? emailIn(s.from.value) ?? (s.from.value.trim() || null) : null,
    evidence: s.evidence,
    locations: { host: at(s.host.line, s.host.value.trim()), port: s.port ? at(s.port.line, s.port.value.trim()) : undefined, username: signIn && s.username ? at(s.username.line, username) : undefined, from: s.from ? at(s.from.line, s.from.value.trim()) : undefined },
  };
  if (!s.port) notes.push(`port not in the export: the device default ${s.defaultPort} is assumed`);
  if (!s.enabled) Object.assign(draft, { active: false, inactiveReason: 'disabled' });
  if (s.host.commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  return createFinding({ id: 'appliance-exports', system: s.system }, { path, exampleFile: ctx.exampleFile }, draft);
}
