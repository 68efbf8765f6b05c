// Mattermost: config/config.json `EmailSettings` (config-formats.md §4.4). ConnectionSecurity "TLS" = implicit TLS,
// "STARTTLS" = STARTTLS (required), "" = plain text. Read with a tolerant scanner so lines survive truncation.
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, jsonScalars, parseBool, parsePort, secretState, valueReference, type JsonScalar } from '../../values.js';

const detector = { id: 'mattermost', system: 'Mattermost' };

function securityOf(word: string, port: number, notes: string[]): Security {
  const w = word.trim().toUpperCase();
  if (w === 'TLS') return 'tls';
  if (w === 'STARTTLS') return 'starttls';
  if (port === 465) notes.push('port 465 with ConnectionSecurity "": the server expects implicit TLS; set "TLS"');
  return 'none';
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const { scalars, error } = jsonScalars(content);
  if (error) ctx.warn('parse-error', `JSON: ${error.message}`, error.line);
  const settings = new Map<string, JsonScalar>();
  for (const s of scalars) if (s.path.length === 2 && s.path[0] === 'EmailSettings') settings.set(s.path[1], s);
  const server = settings.get('SMTPServer');
  if (!server) return null;
  const text = (key: string) => { const v = settings.get(key)?.value; return v === null || v === undefined ? '' : String(v); };
  const notes: string[] = [];
  const hostRef = valueReference(text('SMTPServer'));
  const host = hostRef ? null : text('SMTPServer').trim() || null;
  if (!host && !hostRef) return null;
  const portScalar = settings.get('SMTPPort');
  const port = parsePort(text('SMTPPort')) ?? 10025;
  if (!portScalar) notes.push('SMTPPort not set: Mattermost uses 10025');
  const security = securityOf(text('ConnectionSecurity'), port, notes);
  const auth = parseBool(text('EnableSMTPAuth')) === true;
  const username = auth ? text('SMTPUsername') || null : null;
  const passwordText = text('SMTPPassword');
  let secret = auth ? secretState(passwordText, (v) => ctx.secret(v)) : { secret: 'absent' as const };
  if (!auth) secretState(passwordText, (v) => ctx.secret(v));
  if (auth && /^\*{8,}$/.test(passwordText)) {
    secret = { secret: 'external', ref: 'masked-export:EmailSettings.SMTPPassword' };
    notes.push("SMTPPassword is masked in this export: the real one is in the server's configuration store");
  }
  if (!auth && username === null && text('SMTPUsername')) notes.push('EnableSMTPAuth is false: SMTPUsername is not used');
  if (parseBool(text('SkipServerCertificateVerification'))) notes.push('SkipServerCertificateVerification: the server certificate is not checked');
  if (parseBool(text('SendEmailNotifications')) === false) notes.push('SendEmailNotifications is false: only account mail (verification, password reset) is sent');
  const from = emailIn(text('FeedbackEmail'));
  const draft: FindingDraft = {
    line: server.line,
    host, port, security,
    auth: { method: auth ? 'password' : 'none', username, secret: secret.secret },
    secretRef: 'ref' in secret ? secret.ref : undefined,
    from,
    valueSources: hostRef ? { host: hostRef } : undefined,
    evidence: `"SMTPServer": "${server.text}"`,
    locations: Object.fromEntries(Object.entries({
      host: host ? at(server.line, server.text) : undefined,
      port: portScalar ? at(portScalar.line, portScalar.text) : undefined,
      security: settings.get('ConnectionSecurity')?.text ? at(settings.get('ConnectionSecurity')!.line, settings.get('ConnectionSecurity')!.text) : undefined,
      username: username ? at(settings.get('SMTPUsername')!.line, username) : undefined,
      from: from ? at(settings.get('FeedbackEmail')!.line, settings.get('FeedbackEmail')!.text) : undefined,
    }).filter(([, v]) => v)),
    notes,
    role: 'app',
  };
  if (hostRef) Object.assign(draft, { active: false, inactiveReason: 'unresolved' });
  return [createFinding(detector, { path, exampleFile: ctx.exampleFile }, draft)];
}
