// Drupal (config-formats.md §3.5): the SMTP module's `smtp.settings` (smtp_on, smtp_host, smtp_port, smtp_protocol
// standard|ssl|tls, smtp_username, smtp_password, smtp_from), the Symfony Mailer module's transports
// (`symfony_mailer.mailer_transport.<id>`: plugin smtp|dsn|sendmail|native|null, configuration host/port/user/pass
// or dsn) and core's `system.mail` mailer_dsn (Drupal ≥ 10.3), set in settings.php overrides or config exports.
// The SMTP module sends with PHPMailer: 'ssl' = implicit TLS, 'tls' = STARTTLS, 'standard' = STARTTLS when offered
// unless smtp_autotls is off. Symfony transports follow Symfony Mailer's DSN rules (shared with the symfony detector).
import type { Finding, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { commentedBlocks, emailIn, hostReference, liveSettings, locationsOf, parseBool, parsePort, secretState } from '../../values.js';
import { readMailerDsn, transportDraft } from '../symfony/dsn.js';
import type { PhpSetting } from '../joomla/php.js';
import { CONFIG_OBJECT, isSecretKey, settingsPhp, settingsYaml } from './settings.js';

const detector = { id: 'drupal', system: 'Drupal' };
const MAX_COMMENTED = 100;
/** Keys that say how mail goes out: a file setting only smtp_from or a timeout has nothing to report. */
const SERVER_KEY = /\|(smtp_(on|host|port|protocol|username|password)|plugin|configuration\.(host|port|dsn|user|username)|mailer_dsn\.(scheme|host))$/;

type Settings = Map<string, PhpSetting>;
type Get = (key: string) => PhpSetting | undefined;

/** Shipped templates: core's default.settings.php / example.settings.local.php, the SMTP module's install defaults. */
function isTemplate(path: string, ctx: ExtractContext): boolean {
  const p = path.replace(/\\/g, '/');
  return ctx.exampleFile || /(^|\/)(default\.settings|example\.settings\.local)\.php$/i.test(p) || /\/modules\/(contrib\/)?(smtp|symfony_mailer)\/config\/(install|optional)\//i.test(p);
}

/** The SMTP module's PHPMailer: 'ssl' implicit TLS, 'tls' STARTTLS, 'standard' opportunistic STARTTLS (smtp_autotls). */
function smtpModuleSecurity(get: Get, port: number, notes: string[]): Security {
  const protocol = (get('smtp_protocol')?.value || 'standard').toLowerCase();
  if (protocol === 'ssl') return 'tls';
  if (protocol === 'tls') return 'starttls';
  if (parseBool(get('smtp_autotls')?.value) === false) {
    if (port === 465) notes.push("port 465 with smtp_protocol = 'standard': the SMTP module speaks plain SMTP to a port that expects implicit TLS");
    return 'none';
  }
  notes.push("smtp_protocol = 'standard': PHPMailer uses STARTTLS when the server offers it (smtp_autotls)");
  return 'starttls';
}

function smtpModuleDraft(get: Get, commented: boolean, notes: string[]): Partial<FindingDraft> {
  const port = parsePort(get('smtp_port')?.value) ?? 25;
  const username = get('smtp_username')?.value || null;
  const password = get('smtp_password');
  const secret = password ? secretState(password.value, () => undefined) : { secret: 'absent' as const };
  const backup = get('smtp_hostbackup')?.value;
  if (backup) notes.push(`backup server ${backup} when the primary fails`);
  const on = get('smtp_on');
  const draft: Partial<FindingDraft> = {
    system: 'Drupal SMTP module',
    port, security: smtpModuleSecurity(get, port, notes),
    auth: { method: username || secret.secret !== 'absent' ? 'password' : 'none', username, secret: secret.secret },
    secretRef: secret.ref, from: emailIn(get('smtp_from')?.value),
  };
  if (on && parseBool(on.value) === false && !commented) {
    notes.push('smtp_on is off: Drupal sends through its previous mail system (PHP mail(), the local MTA), not these settings');
    Object.assign(draft, { active: false, inactiveReason: 'disabled' });
  } else if (!on && !commented) notes.push("smtp_on not set here: the site's active configuration decides whether the SMTP module sends");
  return draft;
}

/** A Symfony transport written as parts (host, port, user, pass) or as a DSN, read with Symfony Mailer's rules. */
function transportDsn(get: Get, config: string): { dsn: string | null; keys: Record<'host' | 'port' | 'user' | 'pass' | 'scheme', PhpSetting | undefined> } {
  const core = config === 'system.mail';
  const pick = (...names: string[]) => names.map((n) => get(n)).find((s) => s && s.value !== '');
  const keys = core
    ? { scheme: get('mailer_dsn.scheme'), host: get('mailer_dsn.host'), port: get('mailer_dsn.port'), user: pick('mailer_dsn.user'), pass: pick('mailer_dsn.password') }
    : { scheme: get('plugin'), host: get('configuration.host'), port: get('configuration.port'), user: pick('configuration.user', 'configuration.username'), pass: pick('configuration.pass', 'configuration.password') };
  const written = get('configuration.dsn')?.value;
  if (!core && written && (keys.scheme?.value ?? 'dsn') === 'dsn') return { dsn: written, keys };
  if (!keys.host && !keys.scheme) return { dsn: null, keys };
  const scheme = (keys.scheme?.value || 'smtp').toLowerCase();
  const enc = (s: PhpSetting | undefined) => encodeURIComponent(s?.value ?? '');
  const userinfo = keys.user || keys.pass ? `${enc(keys.user)}${keys.pass ? `:${enc(keys.pass)}` : ''}@` : '';
  const port = keys.port?.value ? `:${keys.port.value}` : '';
  return { dsn: `${scheme}://${userinfo}${keys.host?.value || 'default'}${port}`, keys };
}

function transportDraftOf(get: Get, config: string, notes: string[]): { draft: Partial<FindingDraft>; keys: ReturnType<typeof transportDsn>['keys'] } | null {
  const { dsn, keys } = transportDsn(get, config);
  const transport = dsn ? readMailerDsn(dsn, 'symfony', () => undefined)?.[0] : undefined;
  if (!transport) return null;
  const draft: Partial<FindingDraft> = { ...transportDraft(transport), system: config === 'system.mail' ? 'Drupal core mailer' : 'Drupal Symfony Mailer' };
  if (transport.kind !== 'smtp' && transport.kind !== 'null') Object.assign(draft, { active: false, inactiveReason: 'not-smtp' });
  if (config !== 'system.mail') notes.push(`Symfony Mailer transport ${config.split('.').pop()}: used when it is the default transport (symfony_mailer.settings) or a policy picks it`);
  if (get('status') && parseBool(get('status')!.value) === false) Object.assign(draft, { active: false, inactiveReason: 'disabled' });
  const mailInterface = get('interface.default')?.value;
  if (config === 'system.mail' && mailInterface && mailInterface !== 'symfony_mailer') {
    notes.push(`interface.default = ${mailInterface}: core's mailer_dsn is only used by the symfony_mailer mail plugin`);
    Object.assign(draft, { active: false, inactiveReason: 'unused' });
  }
  return { draft, keys };
}

function build(config: string, s: Settings, commented: boolean, path: string, ctx: ExtractContext): Finding | null {
  const get: Get = (key) => s.get(`${config}|${key}`);
  const notes: string[] = [];
  let draft: Partial<FindingDraft>;
  let hostEntry: PhpSetting | undefined;
  let shown: PhpSetting | undefined;
  let located: Parameters<typeof locationsOf>[0];
  if (config === 'smtp.settings') {
    draft = smtpModuleDraft(get, commented, notes);
    hostEntry = get('smtp_host');
    if (!hostEntry) notes.push("smtp_host not set here: the site's active configuration (database) holds it");
    draft.host = hostEntry?.value || null;
    located = { host: hostEntry, port: get('smtp_port'), security: get('smtp_protocol'), username: get('smtp_username'), from: get('smtp_from') };
  } else {
    const read = transportDraftOf(get, config, notes);
    if (!read) return null;
    draft = read.draft;
    hostEntry = read.keys.host;
    shown = read.keys.scheme;
    located = { host: draft.host ? read.keys.host : null, port: read.keys.port, username: read.keys.user };
  }
  const first = [...s.values()][0];
  const line = hostEntry?.line ?? shown?.line ?? first?.line ?? null;
  const ref = hostReference(hostEntry?.value);
  const full: FindingDraft = {
    ...draft, line, key: `${config}:${line}:${commented ? 'c' : 'l'}`, evidence: (hostEntry ?? shown ?? first)?.text ?? '',
    locations: locationsOf(located), notes: [...(draft.notes ?? []), ...notes], role: 'app',
  };
  if (commented) Object.assign(full, { active: false, inactiveReason: 'commented' });
  else if (isTemplate(path, ctx)) Object.assign(full, { active: false, inactiveReason: 'example-file' });
  else if (full.active === false) { /* the module or transport says why */ }
  else if (ref) Object.assign(full, ref);
  else if (hostEntry?.computed) Object.assign(full, { active: false, inactiveReason: 'unresolved', host: null, valueSources: { host: `code:${hostEntry.raw.slice(0, 80)}` } });
  else if (hostEntry && !hostEntry.value) Object.assign(full, { active: false, inactiveReason: 'placeholder', host: null });
  if (ref || hostEntry?.computed) delete full.locations!.host;
  return createFinding(detector, { path, exampleFile: ctx.exampleFile }, full);
}

function readFile(content: string, path: string, ctx: ExtractContext): PhpSetting[] {
  if (!/\.ya?ml$/i.test(canonicalName(path))) return settingsPhp(content, (line) => ctx.warn('too-large', 'too many $config settings; the rest is not read', line));
  const config = canonicalName(path).replace(/\.ya?ml$/i, '');
  if (!CONFIG_OBJECT.test(config)) return [];
  const { settings, flat } = settingsYaml(content, config);
  for (const e of flat.errors.slice(0, 3)) ctx.warn('parse-error', `YAML: ${e.message}`, e.line ?? undefined);
  if (flat.tooDeep) ctx.warn('too-deep', 'YAML nested too deeply; deeper settings were not read');
  return settings;
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const settings = readFile(content, path, ctx);
  // Every password in the file is a secret, live or commented out; one in a DSN too.
  for (const s of settings) {
    if (isSecretKey(s.key)) secretState(s.computed ? s.raw.replace(/^\s*['"]|['"]?\s*$/g, '') : s.value, (v) => ctx.secret(v));
    if (s.key.endsWith('|configuration.dsn')) readMailerDsn(s.value, 'symfony', (v) => ctx.secret(v));
  }
  const findings: Finding[] = [];
  const configs = new Set(settings.map((s) => s.key.split('|')[0]));
  for (const config of configs) {
    const own = settings.filter((s) => s.key.startsWith(`${config}|`));
    const live = liveSettings(own) as Settings;
    const hostKey = (k: string) => /\|(smtp_host|configuration\.(host|dsn)|mailer_dsn\.host)$/.test(k);
    if ([...live.keys()].some((k) => SERVER_KEY.test(k))) {
      const f = build(config, live, false, path, ctx);
      if (f) findings.push(f);
    }
    const blocks = commentedBlocks(own, hostKey) as Settings[];
    if (blocks.length > MAX_COMMENTED) ctx.warn('too-large', `${blocks.length} commented-out ${config} servers; reporting the first ${MAX_COMMENTED}`);
    for (const block of blocks.slice(0, MAX_COMMENTED)) {
      const f = build(config, block, true, path, ctx);
      if (f) findings.push(f);
    }
  }
  return findings.length ? findings : null;
}
