// Wizard steps 1–2: what to scan (paths, relay logs, live relays) and the devices that have no config file.
// The scan itself is `relay365 scan` (its table is the inventory shown); typed-in devices join inventory.json.
import { isIP } from 'node:net';
import { join } from 'node:path';
import { readInventory, writeInventory } from '../inventory/io.js';
import { formatDevices } from '../inventory/manual.js';
import type { AuthMethod, ManualDevice, Security } from '../inventory/types.js';
import { parseTarget } from '../probe/target.js';
import { defaultRoots } from '../scan/scan.js';
import { table } from '../util/term.js';
import { askChoice, askList, askText, askYesNo, type Asker } from './ask.js';
import type { WizardAnswers } from './answers.js';
import { writeFileAtomic } from '../util/atomic.js';
import { stableId } from '../util/hash.js';

const DEVICE_KINDS: ManualDevice['kind'][] = ['printer', 'scanner', 'ups', 'bmc', 'nas', 'appliance', 'other'];

const DOMAIN = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,63}$/i;

export function validDomain(value: string): string | true {
  return DOMAIN.test(value) ? true : `"${value}" is not a domain name`;
}

function validProbe(value: string): string | true {
  try { parseTarget(value); return true; } catch (error) { return (error as Error).message; }
}

/** Ask what to scan; the answers are recorded in `answers.scan`. */
export async function askScan(asker: Asker, answers: WizardAnswers, knownDomains: string[]): Promise<NonNullable<WizardAnswers['scan']>> {
  const known = answers.scan ?? {};
  const paths = await askList(asker, 'Folders or files to scan for SMTP settings (comma-separated):', known.paths, defaultRoots());
  const logs = await askList(asker, 'Relay logs to read (Postfix, Sendmail, Exim, IIS SMTP, Exchange; blank for none):', known.logs, []);
  const internalDomains = logs.length
    ? await askList(asker, 'Your mail domains (recipients there count as internal):', known.internalDomains, knownDomains, validDomain)
    : [];
  const probe = await askList(asker, 'Live relays to probe, HOST[:PORT] (MAIL/RCPT then RSET, never DATA; blank for none):', known.probe, [], validProbe);
  answers.scan = { paths, logs, internalDomains, probe };
  return answers.scan;
}

/** Run `relay365 scan` into the output folder (it prints the inventory table); returns the inventory file. */
export async function runScan(scan: NonNullable<WizardAnswers['scan']>, devices: string | undefined, outDir: string): Promise<string> {
  const { scanCommand } = await import('../commands/scan.js');
  const file = join(outDir, 'inventory.json');
  await scanCommand({
    paths: scan.paths ?? [], logs: scan.logs?.length ? scan.logs : undefined, internalDomain: scan.internalDomains, probe: scan.probe,
    devices: devices || undefined, out: file,
  });
  return file;
}

/**
 * Devices with no config file: a devices file named by a flag or the answers was read by the scan already;
 * otherwise they are typed in, saved as devices.yaml and added to the inventory.
 */
export async function askDevices(asker: Asker, answers: WizardAnswers, inventoryFile: string, outDir: string): Promise<void> {
  if (answers.devices !== undefined) {
    if (!answers.devices) asker.out.info('No hand-entered devices.');
    return;
  }
  const devices: ManualDevice[] = [];
  let prompt = 'Add a device that has no config file to scan (a printer, scanner, UPS…)?';
  while (await askYesNo(asker, prompt, undefined, false)) {
    devices.push(await askDevice(asker, devices.length + 1));
    prompt = 'Add another device?';
  }
  if (!devices.length) { answers.devices = ''; return; }
  const file = join(outDir, 'devices.yaml');
  await writeFileAtomic(file, formatDevices(devices));
  answers.devices = file;
  const inventory = await readInventory(inventoryFile);
  const ids = new Set(devices.map((d) => d.id));
  inventory.manual = [...(inventory.manual ?? []).filter((d) => !ids.has(d.id)), ...devices];
  await writeInventory(inventoryFile, inventory);
  asker.out.info(table(['device', 'kind', 'ip', 'sends to', 'tls', 'auth', 'from', 'max TLS', 'OAuth'], devices.map((d) => [
    d.name, d.kind, d.ip, d.host ? `${d.host}${d.port ? `:${d.port}` : ''}` : null, d.security, d.auth.method, d.from, d.maxTls,
    d.supportsOAuth === null ? 'unknown' : d.supportsOAuth ? 'yes' : 'no',
  ]), 40));
  asker.out.info(`devices written to ${file} and added to the inventory`);
}

async function askDevice(asker: Asker, n: number): Promise<ManualDevice> {
  const name = await askText(asker, 'Device name (model and place):', undefined, `device ${n}`);
  const kind = await askChoice(asker, 'Kind:', undefined, DEVICE_KINDS.map((k) => ({ value: k, name: k })), 'printer');
  const ip = (await askText(asker, 'Its IP address (links it to the relay logs; blank if unknown):', undefined, '', (v) => (!v || isIP(v) ? true : 'an IPv4 or IPv6 address'))) || null;
  const where = await askText(asker, 'Where it sends mail today, HOST[:PORT] (blank if unknown):', undefined, '', (v) => (!v || validProbe(v)));
  const target = where ? parseTarget(where) : null;
  const security = await askChoice<Security>(asker, 'TLS today:', undefined, [
    { value: 'starttls', name: 'STARTTLS' }, { value: 'tls', name: 'implicit TLS (port 465)' }, { value: 'none', name: 'none' }, { value: 'unknown', name: 'unknown' }], 'unknown');
  const method = await askChoice<AuthMethod>(asker, 'Sign-in today:', undefined, [
    { value: 'none', name: 'none' }, { value: 'password', name: 'user name and password' }, { value: 'oauth2', name: 'OAuth (modern authentication)' }, { value: 'unknown', name: 'unknown' }], 'none');
  const username = method === 'password' || method === 'oauth2' ? (await askText(asker, 'The account it signs in as:', undefined, '')) || null : null;
  const from = (await askText(asker, 'From address it uses:', undefined, '', (v) => (!v || EMAIL.test(v) ? true : 'an e-mail address'))) || null;
  const maxTls = await askChoice<ManualDevice['maxTls']>(asker, 'Highest TLS version it can do (see its web UI or datasheet):', undefined,
    (['1.3', '1.2', '1.1', '1.0', 'unknown'] as const).map((v) => ({ value: v, name: v === 'unknown' ? 'unknown' : `TLS ${v}` })), 'unknown');
  const oauth = await askChoice(asker, 'Can it sign in with OAuth (Microsoft 365 modern authentication)?', undefined,
    [{ value: 'unknown', name: 'unknown' }, { value: 'yes', name: 'yes' }, { value: 'no', name: 'no' }], 'unknown');
  const notes = await askText(asker, 'Notes (optional):', undefined, '');
  return {
    id: `manual-${stableId(name, ip ?? '')}`, name, kind, ip, host: target?.host ?? null, port: target && /:\d+$/.test(where) ? target.port : null, security,
    // the wizard never asks for the password itself: only whether the device keeps one
    auth: { method, username, secret: method === 'password' ? 'present' : 'absent' },
    from, maxTls, supportsOAuth: oauth === 'unknown' ? null : oauth === 'yes', notes,
  };
}
