/**
 * The serve host's transport: the built renderer and the backend over HTTP (POST /api/invoke) and
 * WebSocket (/api/events push). Loopback only unless the caller binds elsewhere, which requires a
 * token; on loopback the Host header is checked so a web page elsewhere cannot reach it by DNS rebinding.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiErrorBody } from '../../shared/api/contract.ts';
import type { ServedBackend } from '../backend/opening-backend.ts';
import { CONTENT_SECURITY_POLICY, contentTypeOf, resolveStaticPath } from '../static-files.ts';
import { createIntakeRoutes } from './intake-routes.ts';
import { STATUS_OF } from './http-status.ts';
import { createTransferRoutes } from './transfer-routes.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpHostOptions {
  backend: ServedBackend;
  rendererRoot: string;
  host: string;
  port: number;
  /** Required when host is not a loopback address. */
  token?: string;
  /** Intake requests per second per API key. */
  intakeRate?: number;
}

export interface HttpHost {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || host.startsWith('127.');
}

function tokenMatches(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

function sendJsonText(res: ServerResponse, status: number, data: string): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(data);
}

function sendError(res: ServerResponse, status: number, error: ApiErrorBody): void {
  sendJson(res, status, { ok: false, error });
}

/**
 * Reads the body up to MAX_BODY_BYTES. Past that the rest is read and dropped (not kept), so the
 * 413 answer reaches the client instead of a reset connection.
 */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startHttpHost(opts: HttpHostOptions): Promise<HttpHost> {
  const loopback = isLoopback(opts.host);
  if (!loopback && !opts.token)
    throw new Error('An access token is required when binding a non-loopback address');
  let port = opts.port;

  const hostAllowed = (req: IncomingMessage): boolean => {
    if (!loopback) return true;
    const h = (req.headers.host ?? '').toLowerCase();
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(h);
  };
  const authorized = (req: IncomingMessage, url: URL): boolean => {
    if (!opts.token) return true;
    const header = req.headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice(7) : url.searchParams.get('token');
    return tokenMatches(opts.token, given);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return sendError(res, 405, { code: 'bad_request', message: 'Use POST' });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return sendError(res, 415, { code: 'bad_request', message: 'Content-Type must be application/json' });
    const raw = await readBody(req);
    if (raw === null) {
      res.setHeader('Connection', 'close');
      return sendError(res, 413, {
        code: 'bad_request',
        message: `Request body over ${MAX_BODY_BYTES} bytes`,
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendError(res, 400, { code: 'bad_request', message: 'Request body is not valid JSON' });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return sendError(res, 400, {
        code: 'bad_request',
        message: 'Request body must be {"method", "params"}',
      });
    const { method, params } = body as { method?: unknown; params?: unknown };
    const result = await opts.backend.invokeJson(method, params);
    sendJsonText(res, result.ok ? 200 : STATUS_OF[result.error.code], result.text);
  };

  const handleStatic = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const file = resolveStaticPath(opts.rendererRoot, url.pathname);
    if (!file) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad path');
      return;
    }
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new Error('not a file');
      const data = await readFile(file);
      res.writeHead(200, {
        'Content-Type': contentTypeOf(file),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': file.endsWith('.html') ? 'no-cache' : 'max-age=3600',
      });
      res.end(req.method === 'HEAD' ? undefined : data);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    }
  };

  const intake = createIntakeRoutes({
    backend: opts.backend,
    ...(opts.intakeRate ? { ratePerSecond: opts.intakeRate } : {}),
  });
  const transfer = createTransferRoutes(opts.backend);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (!hostAllowed(req)) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request');
      return;
    }
    // Intake authenticates with its own API keys, not the seat token.
    // Intake and transfers need the open data file; the app and the first screen's answers do not.
    if (intake.matches(url.pathname))
      return void opts.backend.opened.then(
        () => intake.handle(req, res, url),
        () =>
          sendError(res, 503, { code: 'store_unavailable', message: 'The data file could not be opened' }),
      );
    if (url.pathname.startsWith('/api/')) {
      if (!authorized(req, url))
        return sendError(res, 401, { code: 'bad_request', message: 'Missing or wrong access token' });
      if (transfer.matches(url.pathname))
        return void opts.backend.opened.then(
          () => transfer.handle(req, res, url),
          () =>
            sendError(res, 503, { code: 'store_unavailable', message: 'The data file could not be opened' }),
        );
      if (url.pathname !== '/api/invoke')
        return sendError(res, 404, { code: 'unknown_method', message: 'No such endpoint' });
      handleApi(req, res).catch((e: unknown) =>
        sendError(res, 500, { code: 'internal', message: e instanceof Error ? e.message : String(e) }),
      );
      return;
    }
    void handleStatic(req, res, url);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname !== '/api/events' || !hostAllowed(req) || !authorized(req, url)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });
  const unsubscribe = opts.backend.onEvent((e) => {
    const msg = JSON.stringify(e);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${shownHost}:${port}/${opts.token ? `?token=${encodeURIComponent(opts.token)}` : ''}`;

  return {
    server,
    url,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
