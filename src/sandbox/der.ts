// A small DER writer, enough to build X.509 v3 certificates. Node can sign but has no certificate builder;
// writing ~80 lines of DER keeps the sandbox free of an openssl process (and working where there is none).
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

export const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const octets = (body: Buffer): Buffer => tlv(0x04, body);
const explicit = (n: number, body: Buffer): Buffer => tlv(0xa0 + n, body);
const nullValue = Buffer.from([0x05, 0x00]);
const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));

function integer(bytes: Buffer): Buffer {
  let body = bytes;
  while (body.length > 1 && body[0] === 0 && !(body[1] & 0x80)) body = body.subarray(1);
  if (body[0] & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return tlv(0x02, body);
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes = [parts[0] * 40 + parts[1]];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function bitString(body: Buffer, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), body]));
}

function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

function name(commonName: string, organisation: string): Buffer {
  const rdn = (type: string, value: string) => set(seq(oid(type), utf8(value)));
  return seq(rdn('2.5.4.10', organisation), rdn('2.5.4.3', commonName));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

function keyUsage(bits: number): Buffer {
  let unused = 0;
  while (unused < 7 && !(bits & (1 << unused))) unused++;
  return bitString(Buffer.from([bits]), unused);
}

function subjectAltName(names: string[]): Buffer {
  return seq(...names.map((n) => {
    const version = isIP(n);
    if (version === 0) return tlv(0x82, Buffer.from(n, 'ascii'));
    return tlv(0x87, version === 4 ? Buffer.from(n.split('.').map(Number)) : ipv6Bytes(n));
  }));
}

function ipv6Bytes(ip: string): Buffer {
  const [head, tail = ''] = ip.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = [...groups(head), ...Array(ip.includes('::') ? missing : 0).fill('0'), ...groups(tail)];
  return Buffer.concat(all.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')));
}

export type CertificateUsage = 'ca' | 'server' | 'client';

export interface CertificateSpec {
  commonName: string;
  organisation: string;
  publicKey: KeyObject;
  usage: CertificateUsage;
  names?: string[];                   // DNS names and IP addresses (server certificates)
  days: number;
  issuer: { commonName: string; organisation: string; privateKey: KeyObject; publicKey: KeyObject };
}

/** A DER X.509 v3 certificate signed with sha256WithRSAEncryption by the issuer's key. */
export function buildCertificate(spec: CertificateSpec): Buffer {
  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  const keyId = (key: KeyObject) => createHash('sha1').update(key.export({ type: 'spki', format: 'der' })).digest();
  const algorithm = seq(oid('1.2.840.113549.1.1.11'), nullValue);
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(notBefore.getTime() + spec.days * 24 * 60 * 60 * 1000);
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const extensions = [
    extension('2.5.29.19', spec.usage === 'ca', seq(...(spec.usage === 'ca' ? [bool(true)] : []))),
    extension('2.5.29.15', true, keyUsage(spec.usage === 'ca' ? 0x06 : 0xa0)),
    extension('2.5.29.14', false, octets(keyId(spec.publicKey))),
    extension('2.5.29.35', false, seq(tlv(0x80, keyId(spec.issuer.publicKey)))),
  ];
  if (spec.usage !== 'ca') extensions.push(extension('2.5.29.37', false, seq(oid(spec.usage === 'server' ? '1.3.6.1.5.5.7.3.1' : '1.3.6.1.5.5.7.3.2'))));
  if (spec.names?.length) extensions.push(extension('2.5.29.17', false, subjectAltName(spec.names)));
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), integer(serial), algorithm,
    name(spec.issuer.commonName, spec.issuer.organisation), seq(time(notBefore), time(notAfter)),
    name(spec.commonName, spec.organisation), spki, explicit(3, seq(...extensions)),
  );
  return seq(tbs, algorithm, bitString(sign('sha256', tbs, spec.issuer.privateKey)));
}

export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
