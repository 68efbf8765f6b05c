// Microsoft Graph, the mail part: POST /v1.0/users/{id}/sendMail and GET …/messages, with Graph's checks
// (token, roles, RBAC scope, Send As, payload) and its throttling (429 + Retry-After).
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { replyEntry, replyText } from '../m365/replies.js';
import { isAddress, ROLES } from './config.js';
import { appMayUse, findApp, findMailbox, maySendAs, type App, type Directory, type Mailbox } from './directory.js';
import type { HttpReply, HttpRequest, Route } from './http.js';
import { ConcurrencyTracker, SlidingWindow } from './limits.js';
import { addressesIn, headerValue, splitMessage, textBody } from './mime.js';
import type { MailboxStore, StoredMessage } from './store.js';
import { GRAPH_RESOURCE, type TokenService } from './token.js';

const TOKEN_PROBLEMS = {
  empty: 'Access token is empty.', malformed: 'IDX14100: JWT is not well formed.', signature: 'Access token validation failure.', expired: 'Lifetime validation failed, the token is expired.',
  audience: 'Access token validation failure. Invalid audience.', tenant: 'Access token validation failure. Invalid issuer.',
} as const;
const READ_ROLES = [ROLES.read, 'Mail.ReadBasic', 'Mail.ReadWrite', 'Mail.ReadBasic.All'];
const MAX_SENDMAIL_BYTES = 4 * 1024 * 1024;

interface GraphRecipient { emailAddress?: { address?: string; name?: string } }
interface GraphMessage {
  subject?: string; body?: { contentType?: string; content?: string }; from?: GraphRecipient;
  toRecipients?: GraphRecipient[]; ccRecipients?: GraphRecipient[]; bccRecipients?: GraphRecipient[]; replyTo?: GraphRecipient[];
  internetMessageHeaders?: { name?: string; value?: string }[];
}

function graphError(id: string, vars: Record<string, string> = {}, headers?: Record<string, string>): HttpReply {
  const entry = replyEntry(id);
  return { status: entry.code ?? 400, headers, body: { error: { code: entry.detail, message: replyText(id, vars), innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomUUID() } } } };
}

/** 401 with the variant of the message Graph gives for each token problem. */
function tokenError(problem: keyof typeof TOKEN_PROBLEMS): HttpReply {
  const reply = graphError('graph-invalid-token');
  return { ...reply, body: { error: { code: replyEntry('graph-invalid-token').detail, message: TOKEN_PROBLEMS[problem] } } };
}

function addressesOf(list: GraphRecipient[] | undefined): string[] | null {
  const out: string[] = [];
  for (const r of list ?? []) {
    const address = r?.emailAddress?.address;
    if (typeof address !== 'string' || !isAddress(address)) return null;
    out.push(address.toLowerCase());
  }
  return out;
}

export function createGraphRoutes(directory: Directory, tokens: TokenService, store: MailboxStore): Route {
  const window = new SlidingWindow(directory.settings.graph.windowSeconds * 1000);
  const inFlight = new ConcurrencyTracker();

  function authorise(request: HttpRequest): { app: App } | HttpReply {
    const bearer = /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? ''));
    if (!bearer) return tokenError('empty');
    const check = tokens.verify(bearer[1], GRAPH_RESOURCE);
    if (!check.ok) return tokenError(check.problem);
    const app = findApp(directory, check.claims.appid);
    if (!app) return tokenError('signature');
    return { app: { ...app, roles: check.claims.roles } };
  }

  function mailboxFor(app: App, id: string, roles: string[]): Mailbox | HttpReply {
    if (!app.roles.some((r) => roles.includes(r))) return graphError('graph-access-denied');
    const mailbox = findMailbox(directory, id);
    if (!mailbox) return graphError('graph-invalid-user', { user: id });
    if (!mailbox.restEnabled) return graphError('graph-rest-disabled');
    if (!appMayUse(app, mailbox)) return graphError('graph-raop');
    return mailbox;
  }

  async function sendMail(request: HttpRequest, app: App, mailbox: Mailbox): Promise<HttpReply> {
    if (request.tooLarge || request.body.length > MAX_SENDMAIL_BYTES) return graphError('graph-too-large');
    let message: GraphMessage;
    let save = true;
    let raw: Buffer | null = null;
    if (/^text\/plain/i.test(String(request.headers['content-type'] ?? ''))) {
      const text = request.body.toString('utf8').trim();
      if (!/^[A-Za-z0-9+/=\s]+$/.test(text) || !text) return graphError('graph-bad-mime');
      raw = Buffer.from(text, 'base64');
      message = {};
    } else {
      let parsed: { message?: GraphMessage; saveToSentItems?: boolean };
      try { parsed = JSON.parse(request.body.toString('utf8')) as typeof parsed; } catch { return graphError('graph-bad-json'); }
      if (!parsed || typeof parsed !== 'object' || !parsed.message || typeof parsed.message !== 'object') return graphError('graph-bad-payload');
      message = parsed.message;
      save = parsed.saveToSentItems !== false;
    }
    const headers = message.internetMessageHeaders ?? [];
    const badHeader = headers.find((h) => typeof h?.name !== 'string' || !/^x-/i.test(h.name));
    if (badHeader) return graphError('graph-bad-header', { name: String(badHeader?.name ?? '') });
    const mime = raw ? splitMessage(raw).headers : null;
    const to = mime ? addressesIn(headerValue(mime, 'to')) : addressesOf(message.toRecipients);
    const cc = mime ? addressesIn(headerValue(mime, 'cc')) : addressesOf(message.ccRecipients);
    const bcc = mime ? addressesIn(headerValue(mime, 'bcc')) : addressesOf(message.bccRecipients);
    if (!to || !cc || !bcc || to.length + cc.length + bcc.length === 0) return graphError('graph-invalid-recipients');
    const from = (mime ? addressesIn(headerValue(mime, 'from'))[0] : message.from?.emailAddress?.address?.toLowerCase()) ?? mailbox.address;
    if (!maySendAs(mailbox, from, mailbox.sendAs)) return graphError('graph-send-as-denied');
    raw ??= await compose(message, from, headers, to, cc, bcc);
    await store.deliver(raw, { via: 'graph', envelopeFrom: from, recipients: [...to, ...cc, ...bcc], sentBy: save ? mailbox.address : null });
    return { status: 202 };
  }

  async function listMessages(request: HttpRequest, mailbox: Mailbox): Promise<HttpReply> {
    const query = request.url.searchParams;
    const top = Math.min(Math.max(Number(query.get('$top') ?? 10) || 10, 1), 1000);
    const search = query.get('$search')?.replace(/^"|"$/g, '').toLowerCase() ?? null;
    const subjectEq = /^subject eq '(.*)'$/i.exec(query.get('$filter') ?? '')?.[1]?.replace(/''/g, "'") ?? null;
    const select = query.get('$select')?.split(',').map((s) => s.trim()) ?? null;
    const found: unknown[] = [];
    for (const stored of [...(await store.list(mailbox.address))].reverse()) {
      if (subjectEq !== null && stored.subject !== subjectEq) continue;
      const raw = await store.raw(stored).catch(() => Buffer.alloc(0));
      if (search && !raw.toString('utf8').toLowerCase().includes(search)) continue;
      found.push(toGraph(stored, raw, select));
      if (found.length >= top) break;
    }
    return { status: 200, body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${mailbox.address}')/messages`, value: found } };
  }

  return async (request) => {
    const m = /^\/v1\.0\/users\/([^/]+)\/(sendMail|messages)$/i.exec(request.url.pathname);
    if (!m) return null;
    const auth = authorise(request);
    if (!('app' in auth)) return auth;
    const send = m[2].toLowerCase() === 'sendmail';
    if (send !== (request.method === 'POST')) return { status: 405, body: { error: { code: 'Request_BadRequest', message: `${request.method} is not allowed here.` } } };
    const mailbox = mailboxFor(auth.app, decodeURIComponent(m[1]), send ? [ROLES.send] : READ_ROLES);
    if (!('address' in mailbox)) return mailbox;
    const key = `${auth.app.clientId}|${mailbox.address}`;
    const holder = randomUUID();
    inFlight.enter(key, holder);
    try {
      if (inFlight.rank(key, holder) >= directory.settings.graph.concurrentRequests) return graphError('graph-throttled', {}, { 'Retry-After': '1' });
      if (window.total(key) >= directory.settings.graph.requestsPerWindow) {
        return graphError('graph-throttled', {}, { 'Retry-After': String(Math.max(1, Math.ceil(window.retryAfterMs(key) / 1000))) });
      }
      window.add(key);
      return send ? await sendMail(request, auth.app, mailbox) : await listMessages(request, mailbox);
    } finally {
      inFlight.leave(key, holder);
    }
  };
}

async function compose(message: GraphMessage, from: string, headers: { name?: string; value?: string }[], to: string[], cc: string[], bcc: string[]): Promise<Buffer> {
  const html = /^html$/i.test(message.body?.contentType ?? '');
  const composer = new MailComposer({
    from, to, cc, bcc, subject: message.subject ?? '', ...(html ? { html: message.body?.content ?? '' } : { text: message.body?.content ?? '' }),
    headers: Object.fromEntries(headers.map((h) => [h.name!, String(h.value ?? '')])),
  });
  return new Promise((resolve, reject) => composer.compile().build((error, built) => (error ? reject(error) : resolve(built))));
}

function recipients(list: string[]): { emailAddress: { address: string; name: string } }[] {
  return list.map((address) => ({ emailAddress: { address, name: address } }));
}

function toGraph(stored: StoredMessage, raw: Buffer, select: string[] | null): Record<string, unknown> {
  const text = textBody(raw);
  const full: Record<string, unknown> = {
    id: stored.id, createdDateTime: stored.receivedAt, receivedDateTime: stored.availableAt, sentDateTime: stored.receivedAt,
    internetMessageId: stored.messageId, subject: stored.subject ?? '', bodyPreview: text.slice(0, 255).replace(/\s+/g, ' ').trim(),
    parentFolderId: stored.folder, from: recipients(stored.from.slice(0, 1))[0] ?? null, sender: recipients(stored.from.slice(0, 1))[0] ?? null,
    toRecipients: recipients(stored.to), ccRecipients: recipients(stored.cc), body: { contentType: 'text', content: text },
  };
  if (!select) return full;
  const picked: Record<string, unknown> = { id: stored.id };
  for (const key of select) {
    if (key === 'internetMessageHeaders') picked.internetMessageHeaders = stored.headers;
    else if (key in full) picked[key] = full[key];
  }
  return picked;
}
