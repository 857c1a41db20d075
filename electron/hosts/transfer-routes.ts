/**
 * Raw-bytes routes for grid import and export, beside /api/invoke (whose JSON body stops at
 * 1 MiB): `POST /api/transfer/upload` takes the file as the body (up to MAX_IMPORT_BYTES; past
 * that the rest is drained and a clear 413 answers), `GET /api/transfer/download?id=` hands an
 * export back as an attachment. The caller has already checked the host and the access token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiErrorBody } from '../../shared/api/contract.ts';
import { MAX_IMPORT_BYTES } from '../../shared/api/transfer-contract.ts';
import { ApiError } from '../backend/api-error.ts';
import type { ServedBackend } from '../backend/opening-backend.ts';
import { tooLarge } from '../backend/transfer/transfer-files.ts';
import { transferRefusal } from '../backend/transfer/transfer-module.ts';

const UPLOAD = '/api/transfer/upload';
const DOWNLOAD = '/api/transfer/download';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}
const fail = (res: ServerResponse, status: number, error: ApiErrorBody): void =>
  sendJson(res, status, { ok: false, error });

function readLimited(req: IncomingMessage, limit: number): Promise<{ bytes: Buffer | null; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else chunks.length = 0;
    });
    req.on('end', () => resolve({ bytes: size <= limit ? Buffer.concat(chunks) : null, size }));
    req.on('error', reject);
  });
}

/** Content-Disposition for a name with Chinese or other non-ASCII characters (RFC 6266 / 5987). */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function createTransferRoutes(backend: ServedBackend): {
  matches(path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
} {
  const upload = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== 'POST') return fail(res, 405, { code: 'bad_request', message: 'Use POST' });
    const name = (url.searchParams.get('name') ?? 'upload').slice(0, 200);
    const declared = Number(req.headers['content-length'] ?? 0);
    const limitBody = (size: number): void => fail(res, 413, transferRefusal(tooLarge(size)).toBody());
    // Over the limit the body is drained without keeping it (nothing kept at all when the declared
    // size already says so), and the 413 goes out after it, so the client reads it instead of a reset.
    const { bytes, size } = await readLimited(req, declared > MAX_IMPORT_BYTES ? 0 : MAX_IMPORT_BYTES);
    if (!bytes) return limitBody(size);
    try {
      sendJson(res, 200, { ok: true, value: backend.transfer.putUpload(name, new Uint8Array(bytes)) });
    } catch (e) {
      if (e instanceof ApiError) return fail(res, 413, e.toBody());
      throw e;
    }
  };

  const download = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (req.method !== 'GET') return fail(res, 405, { code: 'bad_request', message: 'Use GET' });
    const d = backend.transfer.download(url.searchParams.get('id') ?? '');
    if (!d) return fail(res, 404, { code: 'not_found', message: 'No such export (expired or never made)' });
    res.writeHead(200, {
      'Content-Type': d.mime,
      'Content-Length': String(d.bytes.length),
      'Content-Disposition': attachment(d.fileName),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(Buffer.from(d.bytes.buffer, d.bytes.byteOffset, d.bytes.byteLength));
  };

  return {
    matches: (path) => path === UPLOAD || path === DOWNLOAD,
    async handle(req, res, url) {
      try {
        if (url.pathname === UPLOAD) await upload(req, res, url);
        else download(req, res, url);
      } catch (e) {
        if (!res.headersSent)
          fail(res, 500, { code: 'internal', message: e instanceof Error ? e.message : String(e) });
      }
    },
  };
}
