/**
 * HTTP intake of cases from other systems: the native JSON endpoint `POST /api/intake/cases` and
 * Open311 GeoReport v2 (`/open311/v2/…`, JSON). Every request is authenticated by an API key that
 * an administrator created (Bearer header, or Open311's `api_key`), rate-limited per key with a
 * token bucket, and body-limited; bad input gets a clear 4xx and nothing is stored. A 201/200 is
 * sent only after the case is durable.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  caseCreateSchema,
  type ApiKeyInfo,
  type CaseDetail,
  type CaseSummary,
} from '../../shared/api/cases-contract.ts';
import type { ApiErrorBody } from '../../shared/api/contract.ts';
import { ApiError } from '../backend/api-error.ts';
import type { Backend } from '../backend/backend.ts';
import type { IntakeApi } from '../backend/cases/case-module.ts';
import { STATUS_OF } from './http-status.ts';

/** Cases are small; anything larger is a mistake or an attack. */
export const MAX_INTAKE_BODY_BYTES = 64 * 1024;

export interface IntakeOptions {
  backend: Backend;
  /** Requests per second per key (sustained); the bucket holds as many for a burst. */
  ratePerSecond?: number;
}

const intakeBody = caseCreateSchema.omit({ channel: true, actor: true }).strict();

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** Reads at most `limit` bytes; past that the rest is drained so the 413 reaches the client. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    if (declared > limit) req.resume();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Token bucket per key: `rate` tokens a second, holding at most `rate` (at least 1). */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** 0 when allowed (a token is taken), else seconds to wait. */
  take(key: string): number {
    const t = this.now();
    const cap = Math.max(1, this.rate);
    const b = this.buckets.get(key) ?? { tokens: cap, at: t };
    b.tokens = Math.min(cap, b.tokens + ((t - b.at) / 1000) * this.rate);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.rate));
  }
}

function zodIssues(e: z.ZodError): { path: string; message: string }[] {
  return e.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : null;
}

/** Open311's view of a case. */
function open311Request(c: CaseSummary | CaseDetail): Record<string, string | number | null> {
  const closed = c.status === 'closed' || c.status === 'archived' || c.status === 'voided';
  return {
    service_request_id: c.id,
    status: closed ? 'closed' : 'open',
    status_notes: c.status,
    service_name: c.itemName,
    service_code: c.itemCode,
    description: 'description' in c ? c.description : null,
    agency_responsible: c.departmentName,
    requested_datetime: new Date(c.reportedAt).toISOString(),
    updated_datetime: new Date(c.updatedAt).toISOString(),
    address: [c.town?.name, c.community?.name, c.cell?.name].filter(Boolean).join(' ') || null,
    lat: c.lat,
    long: c.lon,
  };
}

export interface IntakeRoutes {
  /** Whether the path is an intake route (then `handle` answers it). */
  matches(pathname: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export function createIntakeRoutes(opts: IntakeOptions): IntakeRoutes {
  const limiter = new RateLimiter(opts.ratePerSecond ?? 250);

  const api = (): IntakeApi => {
    if (!opts.backend.intake)
      throw new HttpProblem(503, { code: 'store_unavailable', message: 'The data file is not open' });
    return opts.backend.intake;
  };

  const authenticate = (given: string | null): ApiKeyInfo => {
    const key = given ? api().verifyKey(given) : null;
    if (!key)
      throw new HttpProblem(
        401,
        { code: 'unauthorized', message: given ? 'API key unknown or revoked' : 'API key required' },
        { 'WWW-Authenticate': 'Bearer realm="gezhi-intake"' },
      );
    const wait = limiter.take(key.id);
    if (wait > 0)
      throw new HttpProblem(
        429,
        {
          code: 'rate_limited',
          message: `Too many requests for this key; retry in ${wait} s`,
          details: { retryAfterS: wait },
        },
        { 'Retry-After': String(wait) },
      );
    return key;
  };

  const body = async (req: IncomingMessage): Promise<Buffer> => {
    const raw = await readBody(req, MAX_INTAKE_BODY_BYTES);
    if (raw === null) {
      throw new HttpProblem(
        413,
        { code: 'bad_request', message: `Request body over ${MAX_INTAKE_BODY_BYTES} bytes` },
        { Connection: 'close' },
      );
    }
    return raw;
  };

  const parseJson = (raw: Buffer): unknown => {
    try {
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch {
      throw new HttpProblem(400, { code: 'bad_request', message: 'Request body is not valid JSON' });
    }
  };

  const validated = <T>(schema: z.ZodType<T>, value: unknown): T => {
    const r = schema.safeParse(value);
    if (!r.success)
      throw new HttpProblem(400, {
        code: 'bad_request',
        message: 'Invalid case',
        issues: zodIssues(r.error),
      });
    return r.data;
  };

  const nativeCreate = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST')
      throw new HttpProblem(405, { code: 'bad_request', message: 'Use POST' }, { Allow: 'POST' });
    const key = authenticate(bearer(req));
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      throw new HttpProblem(415, { code: 'bad_request', message: 'Content-Type must be application/json' });
    const input = validated(intakeBody, parseJson(await body(req)));
    const c = await api().create({ ...input, channel: 'api' }, key);
    send(res, 201, {
      ok: true,
      value: {
        id: c.id,
        status: c.status,
        town: c.town,
        community: c.community,
        cell: c.cell,
        outsideDistrict: c.outsideDistrict,
        possibleDuplicateOf: c.possibleDuplicateOf,
      },
    });
  };

  // ---- Open311 GeoReport v2 (JSON) ----
  const open311Create = z
    .object({
      api_key: z.string().optional(),
      service_code: z.string().trim().min(1, 'service_code is required'),
      lat: z.coerce.number().finite().min(-90).max(90),
      long: z.coerce.number().finite().min(-180).max(180),
      description: z.string().trim().min(1, 'description is required').max(2000),
      address_string: z.string().max(500).optional(),
      first_name: z.string().max(64).optional(),
      last_name: z.string().max(64).optional(),
      email: z.string().max(128).optional(),
      phone: z.string().max(32).optional(),
      device_id: z.string().max(64).optional(),
      account_id: z.string().max(64).optional(),
    })
    .passthrough();

  const open311 = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname.slice('/open311/v2/'.length);
    if (path.endsWith('.xml'))
      throw new HttpProblem(400, {
        code: 'bad_request',
        message: 'Only the JSON format is served; use .json',
      });
    if (path === 'services.json' && req.method === 'GET') {
      send(
        res,
        200,
        api()
          .services()
          .map((s) => ({
            service_code: s.code,
            service_name: s.name,
            description: `${s.categoryName} / ${s.name}`,
            metadata: false,
            type: 'realtime',
            keywords: s.code,
            group: s.categoryName,
          })),
      );
      return;
    }
    if (path === 'requests.json' && req.method === 'POST') {
      const raw = await body(req);
      const type = req.headers['content-type'] ?? '';
      const fields: unknown = type.startsWith('application/json')
        ? parseJson(raw)
        : Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
      const keyGiven =
        bearer(req) ??
        (typeof fields === 'object' && fields !== null && 'api_key' in fields
          ? String(fields.api_key)
          : null) ??
        url.searchParams.get('api_key');
      const key = authenticate(keyGiven);
      const f = validated(open311Create, fields);
      const reporter = [f.first_name, f.last_name].filter(Boolean).join(' ') || f.email || f.phone;
      const c = await api().create(
        {
          itemCode: f.service_code,
          lon: f.long,
          lat: f.lat,
          description: f.address_string ? `${f.description}（${f.address_string}）` : f.description,
          ...(reporter ? { reporter } : {}),
          channel: 'open311',
          simulated: false,
        },
        key,
      );
      send(res, 201, [{ service_request_id: c.id, service_notice: c.status, account_id: null }]);
      return;
    }
    if (req.method !== 'GET')
      throw new HttpProblem(405, { code: 'bad_request', message: 'Method not allowed' });
    authenticate(bearer(req) ?? url.searchParams.get('api_key'));
    const one = /^requests\/([^/]+)\.json$/.exec(path);
    if (one) {
      send(res, 200, [open311Request(api().get(decodeURIComponent(one[1]!)))]);
      return;
    }
    if (path === 'requests.json') {
      const ids = url.searchParams.get('service_request_id');
      if (ids) {
        const found = ids
          .split(',')
          .map((id) => id.trim())
          .flatMap((id) => {
            try {
              return [open311Request(api().get(id))];
            } catch {
              return [];
            }
          });
        send(res, 200, found);
        return;
      }
      const code = url.searchParams.get('service_code');
      const status = url.searchParams.get('status');
      const start = Date.parse(url.searchParams.get('start_date') ?? '') || 0;
      const end = Date.parse(url.searchParams.get('end_date') ?? '') || Infinity;
      const list = api()
        .list({ limit: 1000, offset: 0 })
        .cases.filter((c) => (!code || c.itemCode === code) && c.reportedAt >= start && c.reportedAt <= end)
        .map(open311Request)
        .filter((r) => !status || r.status === status);
      send(res, 200, list);
      return;
    }
    throw new HttpProblem(404, { code: 'not_found', message: 'No such Open311 endpoint' });
  };

  return {
    matches: (p) => p === '/api/intake/cases' || p.startsWith('/open311/v2/'),
    async handle(req, res, url) {
      const isOpen311 = url.pathname.startsWith('/open311/');
      try {
        if (isOpen311) await open311(req, res, url);
        else await nativeCreate(req, res);
      } catch (e) {
        let problem: HttpProblem;
        if (e instanceof HttpProblem) problem = e;
        else if (e instanceof ApiError) problem = new HttpProblem(STATUS_OF[e.code], e.toBody());
        else
          problem = new HttpProblem(500, {
            code: 'internal',
            message: e instanceof Error ? e.message : String(e),
          });
        // Drain what the client still sends so the answer is read rather than reset.
        if (!req.complete) req.resume();
        if (isOpen311)
          send(
            res,
            problem.status,
            [{ code: problem.status, description: problem.body.message, issues: problem.body.issues ?? [] }],
            problem.headers,
          );
        else send(res, problem.status, { ok: false, error: problem.body }, problem.headers);
      }
    },
  };
}
