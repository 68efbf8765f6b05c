// Windows Mail / Windows Live Mail / Outlook Express account files (.oeaccount): UTF-16 XML `<MessageAccount>` with
// typed children; DWORDs are bare hex (`0000024b` = 587); passwords are DPAPI blobs (config-formats.md §2.9).
import type { AuthMethod, Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext } from '../../detector.js';
import { xmlTokens } from '../../values.js';

const detector = { id: 'windows-live-mail', system: 'Windows Live Mail' };

interface Property { value: string; line: number; type: string }

/** `<Name type="SZ">value</Name>` children of `<MessageAccount>`, by lower-cased name. */
function readProperties(content: string, ctx: ExtractContext): Map<string, Property> {
  const { tokens } = xmlTokens(content);
  const props = new Map<string, Property>();
  let open: { name: string; line: number; type: string; text: string } | null = null;
  let closed = false;
  for (const t of tokens) {
    if (t.commented) continue;
    const name = t.name.toLowerCase();
    if (t.kind === 'open' && !t.selfClosing) open = { name, line: t.line, type: t.attrs.find((a) => a.name === 'type')?.value ?? '', text: '' };
    else if (t.kind === 'text' && open) open.text = t.text.trim();
    // A value counts only once its closing tag is seen: a cut file must not yield half a port number.
    else if (t.kind === 'close' && open?.name === name) { props.set(name, { value: open.text, line: open.line, type: open.type.toUpperCase() }); open = null; }
    else open = null;
    if (t.kind === 'close' && name === 'messageaccount') closed = true;
  }
  if (!closed) ctx.warn('truncated', 'account file ends before </MessageAccount>; read what was there');
  return props;
}

/** DWORD text: hex without 0x (`19`, `0000024b`); the documented template writes TRUE/FALSE. */
export function dword(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const v = raw.trim();
  if (/^true$/i.test(v)) return 1;
  if (/^false$/i.test(v)) return 0;
  return /^[0-9a-f]{1,8}$/i.test(v) ? Number.parseInt(v, 16) : null;
}

/** A server name the documented template leaves as `0`, or nothing at all. */
function named(p: Property | undefined): string | null {
  const v = p?.value.trim();
  return v && v !== '0' ? v : null;
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const props = readProperties(content, ctx);
  const server = props.get('smtp_server');
  const host = named(server);
  if (!server || !host) return null;
  const notes: string[] = ['Windows Mail / Windows Live Mail cannot use OAuth: replace the client or send through a relay'];
  const portProp = props.get('smtp_port');
  const port = dword(portProp?.value) ?? 25;
  const secure = dword(props.get('smtp_secure_connection')?.value) === 1;
  let security: Security = 'none';
  if (secure && port === 465) security = 'tls';
  else if (secure) {
    security = 'starttls';
    notes.push(`"requires a secure connection" on port ${port}: the client negotiates STARTTLS (implicit TLS only on 465)`);
  }
  // SMTPAUTHTYPE: 0 none, 1 SPA (Sicily = NTLM), 2 reuse the incoming server's login, 3 the SMTP login.
  const authType = dword(props.get('smtp_use_sicily')?.value) ?? 0;
  let method: AuthMethod = 'none';
  let user = named(props.get('smtp_user_name'));
  let password = props.get('smtp_password2');
  if (authType === 1) method = 'ntlm';
  else if (authType === 2) {
    method = 'password';
    const incoming = ['pop3', 'imap', 'httpmail'].find((p) => named(props.get(`${p}_user_name`)));
    user = incoming ? named(props.get(`${incoming}_user_name`)) : null;
    password = incoming ? props.get(`${incoming}_password2`) : undefined;
    notes.push(`SMTP authentication reuses the ${incoming?.toUpperCase() ?? 'incoming server'} login`);
  } else if (authType === 3) method = 'password';
  for (const blob of ['smtp_password2', 'pop3_password2', 'imap_password2', 'httpmail_password2']) ctx.secret(named(props.get(blob)));
  const promptFor = dword(props.get(authType === 2 ? 'pop3_prompt_for_password' : 'smtp_prompt_for_password')?.value) === 1;
  const hasPassword = Boolean(named(password)) && !promptFor;
  if (hasPassword) notes.push('the password is stored as a DPAPI-encrypted blob in the account file');
  if (promptFor) notes.push('the client prompts for the password');
  const from = props.get('smtp_email_address');
  const name = named(props.get('account_name'));
  return [createFinding(detector, { path, exampleFile: ctx.exampleFile }, {
    line: server.line,
    host,
    port,
    security,
    auth: { method, username: method === 'none' ? null : user, secret: method === 'none' || !hasPassword ? 'absent' : 'present' },
    secretRef: hasPassword && method !== 'none' ? `dpapi:${path}:${password!.line}` : undefined,
    from: named(from),
    evidence: [name && `Account_Name=${name}`, `SMTP_Server=${host}`, portProp && `SMTP_Port=${portProp.value} (${port})`, `SMTP_Secure_Connection=${secure ? 1 : 0}`, `SMTP_Use_Sicily=${authType}`].filter(Boolean).join(' '),
    locations: { host: at(server.line, host), port: at(portProp?.line ?? 0, portProp?.value), username: at(props.get('smtp_user_name')?.line ?? 0, named(props.get('smtp_user_name'))), from: at(from?.line ?? 0, named(from)) },
    notes,
    role: 'client',
  })];
}
