// appsettings*.json and user-secrets: mail sections (`Smtp`, `EmailSettings`, `MailKit`, …), Serilog's Email sink and
// NLog's JSON `Mail` targets. Read tolerantly (comments, trailing commas) with the line of every value.
import type { Finding } from '../../../inventory/types.js';
import { createFinding, type ExtractContext } from '../../detector.js';
import { emailIn, jsonScalars, type JsonScalar } from '../../values.js';
import { draftOf, rolesOf, type Setting } from './settings.js';

const detector = { id: 'dotnet-appsettings', system: '.NET appsettings.json' };
const MAIL_WORD = /smtp|mail/i;
const CREDENTIAL_CHILD = /^(network)?credentials?$|^auth(entication)?$/i;
const FROM_CHILD = /^(from|sender|defaultfrom)$/i;
const SECRET_KEY = /pass(word)?$|pwd$|secret$|api_?key$|token$/i;
// A host is a name or address, not a URL or a path (`"Host": "https://cdn…"` under a Mail section is not SMTP).
const HOST_SHAPE = /^[\w.-]+(:\d+)?$|^\[[0-9a-f:.]+\](:\d+)?$|^[$%#_{].*[}%#_]$/i;

interface Group { path: string[]; settings: Setting[] }

function groupsOf(scalars: JsonScalar[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const s of scalars) {
    const parent = s.path.slice(0, -1);
    const id = parent.join('\u0000');
    const group = groups.get(id) ?? { path: parent, settings: [] };
    group.settings.push({ key: s.path.at(-1)!, value: s.value, line: s.line, text: s.text });
    groups.set(id, group);
  }
  return groups;
}

function fileNotes(path: string): string[] {
  const notes = ['environment variables (Section__Key) and later appsettings files override these values'];
  const env = /appsettings\.([^\\/.]+)\.json$/i.exec(path);
  if (env) notes.push(`appsettings.${env[1]}.json applies only when ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT is ${env[1]}`);
  if (/UserSecrets[\\/]/i.test(path)) notes.push('dotnet user-secrets store: a developer machine, not production');
  return notes;
}

export function jsonFindings(content: string, path: string, ctx: ExtractContext): Finding[] {
  const { scalars, error } = jsonScalars(content);
  if (error) ctx.warn('parse-error', `JSON: ${error.message}; read what was there`, error.line);
  const groups = groupsOf(scalars);
  // Serilog `{"Name": "Email", "Args": {…}}` and NLog `{"type": "Mail", …}` mark their subtree as mail.
  const mailRoots = [...groups.values()].filter((g) => g.settings.some((s) => /^(name|type)$/i.test(s.key) && typeof s.value === 'string' && /^e?mail(custom)?$/i.test(s.value))).map((g) => g.path.join('\u0000'));
  const inMail = (path: string[]) => path.some((seg) => MAIL_WORD.test(seg)) || mailRoots.some((root) => path.join('\u0000').startsWith(root));
  const findings: Finding[] = [];
  for (const group of groups.values()) {
    const mail = inMail(group.path);
    if (mail) for (const s of group.settings) if (SECRET_KEY.test(s.key) && typeof s.value === 'string') ctx.secret(s.value);
    const child = (test: RegExp) => [...groups.values()].filter((g) => g.path.length === group.path.length + 1 && g.path.slice(0, -1).join('\u0000') === group.path.join('\u0000') && test.test(g.path.at(-1)!));
    const roles = rolesOf(group.settings, !mail);
    const host = roles.get('host')?.[0];
    if (!host || typeof host.value !== 'string' || !HOST_SHAPE.test(host.value)) continue;
    for (const credentials of child(CREDENTIAL_CHILD)) {
      const named = credentials.path.at(-1)!;
      for (const [role, list] of rolesOf(credentials.settings)) if (role === 'username' || role === 'password') roles.set(role, [...(roles.get(role) ?? []), ...list.map((s) => ({ ...s, key: `${named}.${s.key}` }))]);
      for (const s of credentials.settings) if (SECRET_KEY.test(s.key) && typeof s.value === 'string') ctx.secret(s.value);
    }
    for (const from of child(FROM_CHILD)) {
      const address = from.settings.find((s) => emailIn(String(s.value ?? '')));
      if (address) roles.set('from', [{ ...address, key: `${from.path.at(-1)}.${address.key}` }, ...(roles.get('from') ?? [])]);
    }
    const notes = fileNotes(path);
    if (group.settings.some((s) => /^(clientid|tenantid)$/i.test(s.key))) notes.push('ClientId/TenantId in the same section: the app may already use OAuth or Graph');
    const draft = draftOf({ roles, library: 'unknown', authDefault: 'by-username', ctx, notes });
    if (!draft) continue;
    const label = group.path.filter((seg) => !/^\d+$/.test(seg)).join(':');
    const shown = (['host', 'port', 'security', 'username', 'from'] as const).flatMap((r) => roles.get(r)?.slice(0, 1) ?? []);
    draft.evidence = shown.map((s) => `${label ? `${label}:` : ''}${s.key} = ${s.text}`).join('; ');
    findings.push(createFinding(detector, { path, exampleFile: ctx.exampleFile }, { ...draft, key: group.path.join('/') }));
  }
  return findings;
}
