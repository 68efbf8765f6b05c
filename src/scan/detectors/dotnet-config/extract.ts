// .NET Framework web.config / app.config / *.exe.config / machine.config: `<system.net><mailSettings><smtp><network/>`
// (EnableSsl = STARTTLS), pickup directories, configSource and encrypted sections, ad-hoc `<appSettings>` SMTP keys.
import type { AuthMethod, Finding, SecretState } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext } from '../../detector.js';
import { emailIn, localName, parseBool, parsePort, valueReference, xmlAttr, xmlTokens, type Assignment, type XmlToken } from '../../values.js';
import { appSettingsFindings } from './app-settings.js';
import { maskedTag, systemNetMailSecurity } from './security.js';

interface SmtpSection { tag: XmlToken; networks: XmlToken[]; pickup: XmlToken | null }

function systemOf(path: string): string {
  const name = path.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  if (name.startsWith('web.')) return '.NET web.config';
  if (name.startsWith('machine.')) return '.NET machine.config';
  return '.NET app.config';
}

/** Web.Release.config and friends: XDT transforms applied on publish. */
function transformNote(path: string, content: string): string | null {
  const m = /(?:^|[\\/])((?:web|app)\.[^\\/.]+\.config)$/i.exec(path);
  return m && /xdt:/i.test(content) ? `${m[1]} is an XDT transform applied on publish over the base config` : null;
}

interface Scan { sections: SmtpSection[]; appSettings: Assignment[] }

/** One pass over the tokens: live elements keep a stack; a comment's elements stack on top of the live context. */
function scanTokens(tokens: XmlToken[]): Scan {
  const live: string[] = [];
  let inComment: string[] = [];
  const sections: SmtpSection[] = [];
  const appSettings: Assignment[] = [];
  let current: SmtpSection | null = null;
  for (const t of tokens) {
    if (t.kind === 'text') continue;
    if (!t.commented) inComment = [];
    const stack = t.commented ? inComment : live;
    const parent = (t.commented ? inComment.at(-1) ?? live.at(-1) : live.at(-1)) ?? '';
    const name = localName(t.name);
    if (t.kind === 'close') {
      const at = stack.lastIndexOf(name);
      if (at !== -1) stack.length = at;
      if (name === 'smtp' && !t.commented) current = null;
      continue;
    }
    if (name === 'smtp' && (parent === 'mailsettings' || parent === '')) {
      current = { tag: t, networks: [], pickup: null };
      sections.push(current);
    } else if (name === 'network' && parent === 'smtp' && current) current.networks.push(t);
    else if (name === 'specifiedpickupdirectory' && parent === 'smtp' && current) current.pickup = t;
    else if (name === 'add' && parent === 'appsettings') {
      const key = xmlAttr(t, 'key');
      const value = xmlAttr(t, 'value');
      if (key && value) appSettings.push({ key: key.value, value: value.value, line: value.line, commented: t.commented, text: '' });
    }
    if (!t.selfClosing) stack.push(name);
  }
  return { sections, appSettings };
}

function secretOf(password: string | undefined, ctx: ExtractContext): { secret: SecretState; ref?: string } {
  if (!password) return { secret: 'absent' };
  const ref = valueReference(password);
  if (ref) return { secret: 'external', ref };
  ctx.secret(password);
  return { secret: 'present' };
}

function sectionFindings(section: SmtpSection, base: { id: string; system: string }, path: string, ctx: ExtractContext, fileNotes: string[]): Finding[] {
  const smtp = section.tag;
  const from = xmlAttr(smtp, 'from');
  const method = (xmlAttr(smtp, 'deliveryMethod')?.value ?? 'Network').toLowerCase();
  const common = { path, exampleFile: ctx.exampleFile };
  const source = xmlAttr(smtp, 'configSource');
  const protectedBy = xmlAttr(smtp, 'configProtectionProvider');
  if (source || protectedBy) {
    return [createFinding(base, common, {
      line: smtp.line,
      key: 'smtp',
      from: emailIn(from?.value),
      active: false,
      inactiveReason: 'unresolved',
      valueSources: { host: source ? `file:${source.value}` : `encrypted:${protectedBy!.value}` },
      evidence: maskedTag(smtp.name, smtp.attrs),
      notes: [...fileNotes, source
        ? `<smtp configSource="${source.value}">: the settings live in that file (scanned when named *mail*.config or *smtp*.config)`
        : `<smtp> is encrypted with ${protectedBy!.value}: decrypt it (aspnet_regiis -pdf "system.net/mailSettings/smtp") to inventory it`],
      role: 'app',
    })];
  }
  if (method === 'specifiedpickupdirectory' || method === 'pickupdirectoryfromiis') {
    const dir = section.pickup ? xmlAttr(section.pickup, 'pickupDirectoryLocation')?.value : undefined;
    return [createFinding(base, common, {
      line: smtp.line,
      key: 'smtp',
      endpointKind: 'local',
      security: 'unknown',
      auth: { method: 'none' },
      from: emailIn(from?.value),
      active: !smtp.commented,
      evidence: maskedTag(smtp.name, smtp.attrs),
      notes: [...fileNotes, method === 'pickupdirectoryfromiis'
        ? 'deliveryMethod=PickupDirectoryFromIis: no SMTP here; the IIS SMTP service drains its pickup folder and is the real sender'
        : `deliveryMethod=SpecifiedPickupDirectory: no SMTP here; .eml files go to ${dir ?? 'a folder'} and whatever drains it is the real sender`],
      role: 'app',
    })];
  }
  return section.networks.map((network) => {
    const notes = [...fileNotes];
    const host = xmlAttr(network, 'host');
    const portAttr = xmlAttr(network, 'port');
    const port = parsePort(portAttr?.value) ?? 25;
    const security = systemNetMailSecurity(parseBool(xmlAttr(network, 'enableSsl')?.value) === true, port, notes);
    const user = xmlAttr(network, 'userName');
    const secret = secretOf(xmlAttr(network, 'password')?.value, ctx);
    let method: AuthMethod = user?.value ? 'password' : 'none';
    if (parseBool(xmlAttr(network, 'defaultCredentials')?.value)) {
      method = 'ntlm';
      notes.push('defaultCredentials="true": integrated Windows authentication (NTLM/Kerberos) as the process identity');
    }
    const ref = host ? valueReference(host.value) : null;
    const commented = network.commented || smtp.commented;
    if (!host) notes.push('<network> without host: the code must set SmtpClient.Host');
    return createFinding(base, common, {
      line: host?.line ?? network.line,
      key: `network:${network.line}`,
      host: ref ? null : host?.value ?? null,
      port,
      security,
      auth: { method, username: method === 'password' ? user!.value : null, secret: method === 'password' ? secret.secret : 'absent' },
      secretRef: secret.ref,
      from: emailIn(from?.value),
      active: !commented && !ref && Boolean(host),
      inactiveReason: commented ? 'commented' : ref || !host ? 'unresolved' : undefined,
      valueSources: ref ? { host: ref } : undefined,
      evidence: maskedTag(network.name, network.attrs),
      locations: { host: ref ? undefined : at(host?.line ?? 0, host?.value), port: at(portAttr?.line ?? 0, portAttr?.value), username: at(user?.line ?? 0, user?.value), from: at(from?.line ?? 0, from?.value) },
      notes,
      role: 'app',
    });
  });
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const { tokens, complete } = xmlTokens(content);
  if (!complete) ctx.warn('truncated', 'the XML ends inside a tag or comment; read what was there');
  const { sections, appSettings } = scanTokens(tokens);
  const base = { id: 'dotnet-config', system: systemOf(path) };
  const transform = transformNote(path, content);
  const fileNotes = transform ? [transform] : [];
  const findings = [
    ...sections.flatMap((s) => sectionFindings(s, base, path, ctx, fileNotes)),
    ...appSettingsFindings(appSettings, base, path, ctx, fileNotes),
  ];
  return findings.length ? findings : null;
}
