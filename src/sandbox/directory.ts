// The sandbox's directory: tenant, mailboxes and apps with their ids, as the servers look them up.
// Ids and the sandbox app's throwaway secret persist per state directory, so a restart keeps them.
import { createHash, createPublicKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { InputError } from '../util/errors.js';
import { thumbprints } from './ca.js';
import type { AppSettings, MailboxSettings, SandboxSettings } from './config.js';

export interface Mailbox extends MailboxSettings { id: string }

export interface AppCertificate { thumbprintSha1: string; thumbprintSha256: string; publicKey: KeyObject }

export interface App extends Omit<AppSettings, 'clientId' | 'certificates'> {
  clientId: string;
  objectId: string;                 // the Enterprise application (service principal) object id
  certificates: AppCertificate[];
}

export interface Directory {
  tenantId: string;
  initialDomain: string;
  settings: SandboxSettings;
  mailboxes: Mailbox[];
  apps: App[];
  /** The sandbox's own test app and whether its secret was generated here (then it may be printed). */
  ownApp: App;
  ownSecretGenerated: boolean;
}

/** A GUID-shaped id derived from the parts, stable across runs. */
export function stableGuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function randomGuid(): string {
  return stableGuid(randomBytes(16).toString('hex'));
}

async function readJson<T>(file: string): Promise<T | null> {
  try { return JSON.parse(await readFile(file, 'utf8')) as T; } catch { return null; }
}

async function appCertificates(app: AppSettings): Promise<AppCertificate[]> {
  return Promise.all(app.certificates.map(async (source) => {
    let pem = source;
    if (!source.includes('-----BEGIN')) {
      try { pem = await readFile(source, 'utf8'); } catch (error) { throw new InputError(`certificate of app ${app.displayName}: ${(error as Error).message}`, source); }
    }
    const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
    if (!cert) throw new InputError(`certificate of app ${app.displayName}: no PEM certificate found`, source.includes('-----BEGIN') ? undefined : source);
    return { ...thumbprints(cert), publicKey: createPublicKey(cert) };
  }));
}

/** Build the directory: ids from the state directory (created on first start), apps' certificates read. */
export async function loadDirectory(stateDir: string, settings: SandboxSettings): Promise<Directory> {
  const identityFile = join(stateDir, 'identity.json');
  const secretFile = join(stateDir, 'app-secret');
  const stored = (await readJson<{ tenantId: string; clientId: string }>(identityFile)) ?? { tenantId: randomGuid(), clientId: randomGuid() };
  const tenantId = settings.tenantId || stored.tenantId;
  const ownClientId = settings.apps[0]?.clientId || stored.clientId;
  await writeFileAtomic(identityFile, `${JSON.stringify({ tenantId: stored.tenantId, clientId: stored.clientId }, null, 2)}\n`);
  let ownSecretGenerated = false;
  let ownSecret = settings.apps[0]?.secret ?? null;
  if (settings.apps[0] && ownSecret === null) {
    // the sandbox's own throwaway test secret: protects nothing, kept 0600 so restarts print the same one
    ownSecret = (await readFile(secretFile, 'utf8').catch(() => '')).trim();
    if (!ownSecret) {
      ownSecret = `sbx~${randomBytes(24).toString('base64url')}`;
      await writeFileAtomic(secretFile, `${ownSecret}\n`, 0o600);
    }
    ownSecretGenerated = true;
  }
  const apps = await Promise.all(settings.apps.map(async (app, i): Promise<App> => {
    const clientId = i === 0 ? ownClientId : app.clientId || stableGuid(tenantId, 'app', app.displayName);
    return { ...app, clientId, objectId: stableGuid(tenantId, 'sp', clientId), secret: i === 0 ? ownSecret : app.secret, certificates: await appCertificates(app) };
  }));
  if (!apps.length) throw new InputError('the sandbox needs at least one app (apps: in the config file)');
  const mailboxes = settings.mailboxes.map((m) => ({ ...m, id: stableGuid(tenantId, 'mailbox', m.address) }));
  return { tenantId, initialDomain: `${settings.tenantName.toLowerCase()}.onmicrosoft.com`, settings, mailboxes, apps, ownApp: apps[0], ownSecretGenerated };
}

export function findMailbox(directory: Directory, addressOrId: string): Mailbox | null {
  const key = addressOrId.toLowerCase();
  return directory.mailboxes.find((m) => m.address === key || m.id === key || m.aliases.includes(key)) ?? null;
}

export function findApp(directory: Directory, clientId: string): App | null {
  return directory.apps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase()) ?? null;
}

export function isAcceptedDomain(directory: Directory, address: string): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return directory.settings.acceptedDomains.includes(domain);
}

/** FullAccess (SMTP) or RBAC-for-Applications scope (Graph): may this app act on this mailbox? */
export function appMayUse(app: App, mailbox: Mailbox): boolean {
  return app.mailboxes.includes('*') || app.mailboxes.includes(mailbox.address) || mailbox.aliases.some((a) => app.mailboxes.includes(a));
}

/** May the identity send with this From: its own address and aliases, or a Send As grant. */
export function maySendAs(mailbox: Mailbox, from: string, grants: string[]): boolean {
  const f = from.toLowerCase();
  return f === mailbox.address || mailbox.aliases.includes(f) || grants.includes(f);
}

export function secretMatches(expected: string | null, given: string): boolean {
  if (!expected) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
