// Microsoft Graph mail through @microsoft/microsoft-graph-client: a client for graph.microsoft.com or any
// Graph-like base URL (the sandbox), sendMail with a test id, and finding that message again.
import { readFile } from 'node:fs/promises';
import { request as httpsRequest, type Agent } from 'node:https';
import {
  AuthenticationHandler, Client, RedirectHandler, RetryHandler, RetryHandlerOptions, TelemetryHandler,
  type Context, type Middleware,
} from '@microsoft/microsoft-graph-client';
import { diagnose, type Diagnosis } from './replies.js';
import { agentTrusting } from './https.js';

export const TEST_ID_HEADER = 'X-Relay365-Test-Id';

export interface GraphClientOptions {
  getAccessToken(): Promise<string>;
  baseUrl?: string;                 // default https://graph.microsoft.com/
  caFile?: string;                  // extra CA to trust (sandbox, TLS inspection)
  maxRetries?: number;              // RetryHandler: 429/503/504 with Retry-After (default 3)
  retryDelaySeconds?: number;
}

export interface OutgoingMail {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  from?: string;                    // only when sending as another address (needs Send As)
}

export interface FoundMessage {
  id: string;
  subject: string;
  receivedDateTime: string | null;
  from: string | null;
  testId: string;
}

/** The last middleware: node:https with the extra CA, because Node's fetch takes no CA without undici. */
class HttpsWithCaHandler implements Middleware {
  constructor(private agent: Agent) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = context.options ?? {};
    const headers: Record<string, string> = {};
    new Headers(options.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, key) => { headers[key] = value; });
    const body = options.body === undefined || options.body === null ? null : typeof options.body === 'string' ? options.body : Buffer.from(options.body as ArrayBuffer);
    context.response = await new Promise<Response>((resolve, reject) => {
      const req = httpsRequest(url, { method: options.method ?? 'GET', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [key, value] of Object.entries(res.headers)) if (value !== undefined) responseHeaders.set(key, Array.isArray(value) ? value.join(', ') : value);
          const status = res.statusCode ?? 500;
          const payload = status === 204 || status === 202 || status === 304 || !chunks.length ? null : Buffer.concat(chunks);
          resolve(new Response(payload, { status, headers: responseHeaders }));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (body !== null) req.write(body);
      req.end();
    });
  }
}

/** A Graph client: the SDK's default middleware chain, ending in node:https so a private CA can be trusted. */
export async function createGraphClient(options: GraphClientOptions): Promise<Client> {
  const baseUrl = options.baseUrl ?? 'https://graph.microsoft.com/';
  const host = new URL(baseUrl).hostname;
  const authProvider = { getAccessToken: () => options.getAccessToken() };
  const retry = new RetryHandler(new RetryHandlerOptions(options.retryDelaySeconds ?? 3, options.maxRetries ?? 3));
  // the SDK only sends the bearer token to Graph's own hosts and to customHosts (bare host names, https only)
  const customHosts = host.endsWith('graph.microsoft.com') ? undefined : new Set([host]);
  const agent = agentTrusting(options.caFile ? [await readFile(options.caFile, 'utf8')] : []);
  return Client.initWithMiddleware({ baseUrl, customHosts, middleware: [new AuthenticationHandler(authProvider), retry, new RedirectHandler(), new TelemetryHandler(), new HttpsWithCaHandler(agent)] });
}

const recipients = (list: string[] = []) => list.map((address) => ({ emailAddress: { address } }));

/** POST /users/{mailbox}/sendMail: not saved to Sent Items, the test id as a header and in the body (for $search). */
export async function sendMail(client: Client, mailbox: string, message: OutgoingMail, testId: string): Promise<void> {
  await client.api(`/users/${encodeURIComponent(mailbox)}/sendMail`).post({
    message: {
      subject: message.subject,
      body: { contentType: 'Text', content: `${message.text}\n\n-- \nrelay365 test message ${testId}` },
      toRecipients: recipients(message.to), ccRecipients: recipients(message.cc),
      ...(message.from ? { from: { emailAddress: { address: message.from } } } : {}),
      internetMessageHeaders: [{ name: TEST_ID_HEADER, value: testId }],
    },
    saveToSentItems: false,
  });
}

/** The message carrying this test id in the mailbox, or null; Graph cannot filter on headers, so search then check. */
export async function findMessageByTestId(client: Client, mailbox: string, testId: string): Promise<FoundMessage | null> {
  const page = await client.api(`/users/${encodeURIComponent(mailbox)}/messages`)
    .search(`"${testId}"`).select(['id', 'subject', 'receivedDateTime', 'from', 'internetMessageHeaders']).top(25).get() as {
      value?: { id: string; subject?: string; receivedDateTime?: string; from?: { emailAddress?: { address?: string } }; internetMessageHeaders?: { name: string; value: string }[] }[];
    };
  for (const m of page.value ?? []) {
    const header = m.internetMessageHeaders?.find((h) => h.name.toLowerCase() === TEST_ID_HEADER.toLowerCase() && h.value.trim() === testId);
    if (header) return { id: m.id, subject: m.subject ?? '', receivedDateTime: m.receivedDateTime ?? null, from: m.from?.emailAddress?.address ?? null, testId };
  }
  return null;
}

/** A Graph client error as the catalogue reads it (status, Graph error code, message). */
export function diagnoseGraphError(error: unknown): Diagnosis & { status: number } {
  const e = error as { statusCode?: number; code?: string | null; message?: string };
  const status = typeof e.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : 0;
  return { ...diagnose({ status, code: e.code ?? undefined, message: e.message }), status };
}
