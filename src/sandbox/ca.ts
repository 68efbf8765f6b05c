// A certificate authority per state directory: its certificate is what devices, Python, swaks and relay365
// trust (caFile); server certificates are issued per set of names, client certificates for app credentials.
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../util/atomic.js';
import { buildCertificate, toPem, type CertificateUsage } from './der.js';

const ORGANISATION = 'relay365 sandbox';
const generateRsa = promisify(generateKeyPair);

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
  thumbprintSha1: string;      // hex, upper case (x5t)
  thumbprintSha256: string;    // hex, upper case (x5t#S256)
}

export interface SandboxCa {
  certPem: string;
  certFile: string;
  /** Issue a certificate signed by this CA (RSA 2048). */
  issue(commonName: string, usage: Exclude<CertificateUsage, 'ca'>, names?: string[], days?: number): Promise<IssuedCertificate>;
}

async function newKey(): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  return generateRsa('rsa', { modulusLength: 2048 });
}

export function thumbprints(certPem: string): { thumbprintSha1: string; thumbprintSha256: string } {
  const cert = new X509Certificate(certPem);
  return { thumbprintSha1: cert.fingerprint.replace(/:/g, ''), thumbprintSha256: cert.fingerprint256.replace(/:/g, '') };
}

async function readPair(certFile: string, keyFile: string): Promise<{ certPem: string; keyPem: string } | null> {
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    const cert = new X509Certificate(certPem);
    if (new Date(cert.validTo).getTime() < Date.now() + 24 * 60 * 60 * 1000) return null;
    return { certPem, keyPem };
  } catch {
    return null;
  }
}

/** The CA of this state directory: created on first use, then reused so devices keep trusting it. */
export async function loadOrCreateCa(stateDir: string): Promise<SandboxCa> {
  const dir = join(stateDir, 'ca');
  const certFile = join(dir, 'ca.pem');
  const keyFile = join(dir, 'ca.key');
  let pair = await readPair(certFile, keyFile);
  if (!pair) {
    const key = await newKey();
    const commonName = `relay365 sandbox CA ${createHash('sha256').update(stateDir).digest('hex').slice(0, 8)}`;
    const der = buildCertificate({ commonName, organisation: ORGANISATION, publicKey: key.publicKey, usage: 'ca', days: 3650, issuer: { commonName, organisation: ORGANISATION, ...key } });
    pair = { certPem: toPem(der), keyPem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
    await writeFileAtomic(keyFile, pair.keyPem, 0o600);
    await writeFileAtomic(certFile, pair.certPem);
  }
  const { certPem, keyPem } = pair;
  const caCert = new X509Certificate(certPem);
  const issuer = { commonName: /CN=([^\n]+)/.exec(caCert.subject)?.[1] ?? 'relay365 sandbox CA', organisation: ORGANISATION, privateKey: createPrivateKey(keyPem), publicKey: createPublicKey(certPem) };
  return {
    certPem,
    certFile,
    async issue(commonName, usage, names = [], days = 397) {
      const key = await newKey();
      const der = buildCertificate({ commonName, organisation: ORGANISATION, publicKey: key.publicKey, usage, names, days, issuer });
      const pem = toPem(der);
      return { certPem: pem, keyPem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, ...thumbprints(pem) };
    },
  };
}

/** A certificate (and key) stored in the state directory under `name`, issued again when missing or expiring. */
export async function storedCertificate(ca: SandboxCa, stateDir: string, name: string, issue: () => Promise<IssuedCertificate>): Promise<IssuedCertificate> {
  const certFile = join(stateDir, 'ca', `${name}.pem`);
  const keyFile = join(stateDir, 'ca', `${name}.key`);
  const pair = await readPair(certFile, keyFile);
  if (pair && new X509Certificate(pair.certPem).verify(createPublicKey(ca.certPem))) return { ...pair, ...thumbprints(pair.certPem) };
  const issued = await issue();
  await writeFileAtomic(keyFile, issued.keyPem, 0o600);
  await writeFileAtomic(certFile, issued.certPem);
  return issued;
}

/** The server certificate for these names (listen address, localhost, loopback), reused while the names stay the same. */
export async function serverCertificate(ca: SandboxCa, stateDir: string, names: string[]): Promise<IssuedCertificate> {
  const unique = [...new Set(names.map((n) => n.toLowerCase()))].sort();
  const id = createHash('sha256').update(unique.join(',')).digest('hex').slice(0, 12);
  return storedCertificate(ca, stateDir, `server-${id}`, () => ca.issue(unique.find((n) => !/^[\d.:]+$/.test(n)) ?? unique[0], 'server', unique));
}
