// The sandbox's HTTPS front: one server for the token endpoint and Graph, plain node:https and a path router.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

export interface HttpRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** True when the body went over the limit (the rest was not read). */
  tooLarge: boolean;
}

export interface HttpReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A route handler: null when the path is not its own. */
export type Route = (request: HttpRequest) => Promise<HttpReply | null> | HttpReply | null;

const MAX_BODY = 8 * 1024 * 1024;

async function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) tooLarge = true;
    else chunks.push(chunk as Buffer);
  }
  return { body: Buffer.concat(chunks), tooLarge };
}

function write(res: ServerResponse, reply: HttpReply): void {
  const requestId = randomUUID();
  const headers: Record<string, string> = { 'request-id': requestId, 'client-request-id': requestId, 'cache-control': 'no-store', ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  headers['content-type'] ??= typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  res.writeHead(reply.status, headers).end(text);
}

export function startHttps(options: { key: string; cert: string; routes: Route[]; bodyLimit?: number }): Server {
  const server = createServer({ key: options.key, cert: options.cert, minVersion: 'TLSv1.2' }, (req, res) => {
    void (async () => {
      try {
        const { body, tooLarge } = await readBody(req, options.bodyLimit ?? MAX_BODY);
        const request: HttpRequest = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'https://sandbox.invalid'), headers: req.headers, body, tooLarge };
        for (const route of options.routes) {
          const reply = await route(request);
          if (reply) return write(res, reply);
        }
        write(res, { status: 404, body: { error: { code: 'ResourceNotFound', message: `No route for ${request.method} ${request.url.pathname}` } } });
      } catch (error) {
        // a sandbox bug must answer 500, never take the server down
        if (!res.headersSent) write(res, { status: 500, body: { error: { code: 'InternalServerError', message: (error as Error).message } } });
        else res.destroy();
      }
    })();
  });
  server.keepAliveTimeout = 5000;
  return server;
}
