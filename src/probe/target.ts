// Probe targets as typed on the command line: host, host:port, [v6]:port, bare IPv6, smtp:// or smtps:// URLs.
import { isIP } from 'node:net';
import { UsageError } from '../util/errors.js';

export interface ProbeTarget {
  /** As the user wrote it. */
  target: string;
  host: string;
  port: number;
  /** TLS from the first byte: port 465, or any port written as smtps://HOST:PORT. */
  implicitTls: boolean;
}

export const DEFAULT_PORT = 25;

export function parseTarget(raw: string): ProbeTarget {
  const target = raw.trim();
  let rest = target;
  let defaultPort = DEFAULT_PORT;
  let smtps = false;
  const scheme = /^(smtps?|submission):\/\//i.exec(rest);
  if (scheme) {
    smtps = scheme[1].toLowerCase() === 'smtps';
    defaultPort = smtps ? 465 : scheme[1].toLowerCase() === 'submission' ? 587 : DEFAULT_PORT;
    rest = rest.slice(scheme[0].length).replace(/\/.*$/, '');
  }
  let host: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end < 0) throw new UsageError(`probe target '${raw}': missing ']'`);
    host = rest.slice(1, end);
    const after = rest.slice(end + 1);
    if (after && !after.startsWith(':')) throw new UsageError(`probe target '${raw}': expected ':PORT' after ']'`);
    portText = after ? after.slice(1) : undefined;
  } else if (isIP(rest) === 6) {
    host = rest;
  } else {
    const colon = rest.lastIndexOf(':');
    host = colon >= 0 ? rest.slice(0, colon) : rest;
    portText = colon >= 0 ? rest.slice(colon + 1) : undefined;
  }
  host = host.replace(/\.$/, '');
  if (!host || !/^[A-Za-z0-9._:%-]+$/.test(host)) throw new UsageError(`probe target '${raw}': '${host}' is not a host name or address`);
  if (host.includes(':') && isIP(host) !== 6) throw new UsageError(`probe target '${raw}': write IPv6 addresses as [ADDRESS]:PORT`);
  const port = portText === undefined ? defaultPort : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535 || (portText !== undefined && !/^\d+$/.test(portText))) {
    throw new UsageError(`probe target '${raw}': port '${portText}' is not a number from 1 to 65535`);
  }
  return { target, host, port, implicitTls: smtps || port === 465 };
}

/** Parse every argument (a usage error names the first bad one) and drop repeats of the same host:port. */
export function parseTargets(raw: string[]): ProbeTarget[] {
  const seen = new Set<string>();
  const targets: ProbeTarget[] = [];
  for (const text of raw.flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean)) {
    const target = parseTarget(text);
    const key = `${target.host.toLowerCase()}:${target.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    targets.push(target);
  }
  return targets;
}
