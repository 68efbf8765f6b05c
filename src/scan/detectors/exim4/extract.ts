// Exim 4: Debian's update-exim4.conf.conf (dc_smarthost with `::port`, dc_eximconfig_configtype), hand-written
// manualroute routers (route_list / route_data), passwd.client and literal client authenticators for credentials.
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft, type SourceFile } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { dirName, envReference, groupFiles, isSecretPlaceholder } from '../../values.js';
import { clientCredentials, expandMacro, option, parseEximConfig, routeItems, sectionOfPath, type ClientCredentials, type EximBlock, type EximOption } from './config.js';
import { live, parseDebconf, parseHostList, parsePasswdClient, passwordFor, type ClientPassword, type ListedHost } from './lists.js';

const detector = { id: 'exim4', system: 'Exim' };

interface Transport { port: number | null; security: Security; notes: string[] }
interface Credentials { passwd: ClientPassword[]; passwdScanned: boolean; literal: ClientCredentials | null }

function isConfigFile(path: string): boolean {
  const name = canonicalName(path);
  return /^(exim4?\.conf|configure)$/.test(name) || /conf\.d\//.test(path.replace(/\\/g, '/'));
}

/** The installation a file belongs to: its `exim4/` or `exim/` folder (conf.d files included), else its own folder. */
function rootOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  return /^(.*\/exim4?\/)/.exec(p)?.[1] ?? dirName(p);
}

export function extractAll(files: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  // Macros, authenticators and passwd.client of one machine never apply to another's configuration.
  return groupFiles(files, rootOf).flatMap((group) => extractInstallation(group, contextOf));
}

function extractInstallation(files: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  const passwd = files.filter((f) => canonicalName(f.path) === 'passwd.client').flatMap((f) => parsePasswdClient(f, contextOf(f.path)));
  const configs = files.filter((f) => isConfigFile(f.path) || canonicalName(f.path) === 'exim4.conf.localmacros')
    .map((file) => ({ file, config: parseEximConfig(file.content, sectionOfPath(file.path)) }));
  const macros = new Map<string, EximOption>(configs.flatMap(({ config }) => [...config.macros]));
  const creds: Credentials = { passwd, passwdScanned: files.some((f) => canonicalName(f.path) === 'passwd.client'), literal: null };
  for (const { file, config } of configs) {
    const ctx = contextOf(file.path);
    for (const block of config.blocks.filter((b) => b.section === 'authenticators')) {
      const found = clientCredentials(block, file.path, (s) => { if (!isSecretPlaceholder(s)) ctx.secret(s); });
      if (found?.literal) creds.literal ??= found;
    }
  }
  const findings: Finding[] = [];
  for (const file of files.filter((f) => canonicalName(f.path) === 'update-exim4.conf.conf')) {
    findings.push(...debconfFindings(file, contextOf(file.path), macroTransport(macros), creds));
  }
  const transports = configs.flatMap(({ config }) => config.blocks.filter((b) => b.section === 'transports'));
  for (const { file, config } of configs) {
    // Debian ships exim4.conf.template as the live source of its generated config, not as a sample.
    const ctx = canonicalName(file.path) === 'exim4.conf' && /\.template$/i.test(file.path) ? { ...contextOf(file.path), exampleFile: false } : contextOf(file.path);
    for (const router of config.blocks.filter((b) => b.section === 'routers')) findings.push(...routerFindings(router, macros, transports, ctx, creds));
  }
  return findings;
}

/** TLS as Debian's smarthost transport sets it from macros in exim4.conf.localmacros. */
function macroTransport(macros: Map<string, EximOption>): (port: number) => Transport {
  return (port) => {
    const implicit = macros.get('REMOTE_SMTP_SMARTHOST_PROTOCOL')?.value.toLowerCase() === 'smtps'
      || Boolean(macros.get('TLS_ON_CONNECT_PORTS')?.value.split(/[:\s]+/).includes(String(port)));
    const tls = tlsFrom(port, implicit, macros.get('REMOTE_SMTP_SMARTHOST_HOSTS_REQUIRE_TLS')?.value, macros.get('REMOTE_SMTP_SMARTHOST_HOSTS_AVOID_TLS')?.value);
    if (macros.has('AUTH_CLIENT_ALLOW_NOTLS_PASSWORDS')) tls.notes.push('AUTH_CLIENT_ALLOW_NOTLS_PASSWORDS: passwords may be sent without TLS');
    return { port, ...tls };
  };
}

function tlsFrom(port: number, implicit: boolean, required: string | undefined, avoid: string | undefined): { security: Security; notes: string[] } {
  if (implicit) return { security: 'tls', notes: [] };
  if (port === 465) return { security: 'unknown', notes: ['port 465 without protocol = smtps: Exim would speak plain SMTP there'] };
  if (avoid?.trim() === '*') return { security: 'none', notes: ['hosts_avoid_tls = *: STARTTLS never used'] };
  if (required?.trim()) return { security: 'starttls', notes: [`STARTTLS required (hosts_require_tls = ${required.trim()})`] };
  return { security: 'starttls', notes: ['opportunistic STARTTLS: Exim uses it when the server offers it and falls back to plaintext'] };
}

function authDraft(host: string, creds: Credentials): Pick<FindingDraft, 'auth' | 'secretRef' | 'notes'> & { entry?: ClientPassword } {
  if (creds.literal) return { auth: { method: 'password', username: creds.literal.username, secret: 'present' }, secretRef: `file:${creds.literal.path}:${creds.literal.line}`, notes: [] };
  const entry = passwordFor(creds.passwd, host);
  if (entry) {
    const notes = entry.pattern !== host.toLowerCase() ? [`credentials from passwd.client entry "${entry.pattern}" (wildcard; Exim matches the name the host resolves to)`] : [];
    return { entry, auth: { method: 'password', username: entry.username, secret: entry.hasPassword ? 'external' : 'absent' }, secretRef: `file:${entry.path}:${entry.line}`, notes };
  }
  if (!creds.passwdScanned) return { auth: { method: 'unknown', username: null, secret: 'absent' }, notes: ['passwd.client was not among the scanned files'] };
  return { auth: { method: 'none', username: null, secret: 'absent' }, notes: [] };
}

function hostDraft(h: ListedHost): Pick<FindingDraft, 'host' | 'active' | 'inactiveReason' | 'valueSources'> {
  const env = envReference(h.host);
  return env ? { host: h.host, active: false, inactiveReason: 'unresolved', valueSources: { host: `env:${env.name}` } } : { host: h.host };
}

function debconfFindings(file: SourceFile, ctx: ExtractContext, transportFor: (port: number) => Transport, creds: Credentials): Finding[] {
  const values = parseDebconf(file.content);
  const configtype = live(values, 'dc_eximconfig_configtype')?.value ?? null;
  const uses = configtype === null || configtype === 'smarthost' || configtype === 'satellite';
  const current = live(values, 'dc_smarthost');
  const readhost = live(values, 'dc_readhost')?.value;
  const hide = live(values, 'dc_hide_mailname')?.value === 'true';
  const assignments = values.get('dc_smarthost') ?? [];
  for (const a of assignments) if (a.unterminated && !a.commented) ctx.warn('truncated', 'dc_smarthost value has no closing quote', a.line);
  return assignments.flatMap((assignment) => parseHostList(assignment.value).map((h, index) => {
    const port = h.port ?? 25;
    const transport = transportFor(port);
    const auth = authDraft(h.host, creds);
    const notes = [...transport.notes, ...(auth.notes ?? [])];
    if (configtype) notes.push(`dc_eximconfig_configtype='${configtype}'`);
    if (!uses) notes.push('the smart host is not used with this configuration type');
    if (readhost && (hide || configtype === 'satellite')) notes.push(`sender domain rewritten to ${readhost}`);
    if (index > 0) notes.push('fallback smart host (tried when the first one fails)');
    const draft = hostDraft(h);
    const inactive = assignment.commented ? 'commented' : assignment !== current ? 'overridden' : !uses ? 'unused' : undefined;
    return createFinding(detector, ctx, {
      line: assignment.line, key: `dc_smarthost:${assignment.line}:${index}`, port, security: transport.security,
      auth: auth.auth, secretRef: auth.secretRef, evidence: assignment.text,
      ...draft,
      ...(inactive ? { active: false, inactiveReason: inactive } : {}),
      locations: { host: at(assignment.line, h.text), username: auth.entry ? at(auth.entry.line, auth.entry.username) : undefined },
      notes, role: 'relay',
    });
  }));
}

function transportOf(router: EximBlock, transports: EximBlock[], macros: Map<string, EximOption>): EximBlock | undefined {
  const name = option(router, 'transport')?.value;
  return name ? transports.find((t) => t.name === expandMacro(name, macros)) : undefined;
}

function routerFindings(router: EximBlock, macros: Map<string, EximOption>, transports: EximBlock[], ctx: ExtractContext, creds: Credentials): Finding[] {
  const transport = transportOf(router, transports, macros);
  const value = (key: string) => { const o = transport && option(transport, key); return o ? expandMacro(o.value, macros) : undefined; };
  const findings: Finding[] = [];
  for (const opt of router.options.filter((o) => o.key === 'route_list' || o.key === 'route_data')) {
    const items = opt.key === 'route_list' ? routeItems(opt.value) : [{ domains: '*', hosts: opt.value }];
    items.forEach((item, itemIndex) => {
      // `${lookup…}` expressions and Debian's DC* macros (values from update-exim4.conf.conf) are not hosts.
      const hosts = expandMacro(item.hosts, macros);
      if (hosts.includes('$') || /^DC[a-z_]/.test(hosts)) return;
      parseHostList(hosts).forEach((h, index) => {
        const port = h.port ?? (Number(value('port')) || 25);
        const implicit = value('protocol')?.toLowerCase() === 'smtps' || value('tls_on_connect') !== undefined;
        const tls = tlsFrom(port, implicit, value('hosts_require_tls'), value('hosts_avoid_tls'));
        const auth = authDraft(h.host, creds);
        const notes = [`manualroute router "${router.name}"${item.domains !== '*' ? ` for ${item.domains}` : ''}`, ...tls.notes, ...(auth.notes ?? [])];
        findings.push(createFinding(detector, ctx, {
          line: opt.line, key: `${router.name}:${opt.line}:${itemIndex}:${index}`, port, security: tls.security,
          auth: auth.auth, secretRef: auth.secretRef, evidence: opt.text,
          ...hostDraft(h),
          ...(opt.commented ? { active: false, inactiveReason: 'commented' } : {}),
          locations: { host: at(opt.line, h.text) }, notes, role: 'relay',
        }));
      });
    });
  }
  return findings;
}
