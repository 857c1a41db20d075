/**
 * HTTP intake of cases from other systems: the native JSON endpoint `POST /api/intake/cases` and
 * Open311 GeoReport v2 (`/open311/v2/…`, XML and JSON). Every request is authenticated by an API key that
 * an administrator created (Bearer header, or Open311's `api_key`), rate-limited per key with a
 * token bucket, and body-limited; bad input gets a clear 4xx and nothing is stored. A 201/200 is
 * sent only after the case is durable.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { caseCreateSchema, type ApiKeyInfo } from '../../shared/api/cases-contract.ts';
import type { ApiErrorBody } from '../../shared/api/contract.ts';
import { ApiError } from '../backend/api-error.ts';
import type { ServedBackend } from '../backend/opening-backend.ts';
import type { IntakeApi } from '../backend/cases/case-module.ts';
import { STATUS_OF } from './http-status.ts';
import {
  CONTENT_TYPE,
  errorRecords,
  renderOpen311,
  requestRecord,
  serviceRecord,
  type Open311Format,
  type Open311Kind,
  type Open311Record,
} from './open311-format.ts';

/** Cases are small; anything larger is a mistake or an attack. */
export const MAX_INTAKE_BODY_BYTES = 64 * 1024;

export interface IntakeOptions {
  backend: ServedBackend;
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

  // ---- Open311 GeoReport v2 (XML and JSON) ----
  const open311Create = z
    .object({
      api_key: z.string().optional(),
      jurisdiction_id: z.string().max(128).optional(),
      service_code: z.string().trim().min(1, 'service_code is required'),
      lat: z.coerce.number().finite().min(-90).max(90),
      long: z.coerce.number().finite().min(-180).max(180),
      // The spec limits description to 4,000 characters; a case keeps 2,000.
      description: z.string().trim().min(1, 'description is required').max(2000),
      address_string: z.string().max(500).optional(),
      address_id: z.string().max(64).optional(),
      first_name: z.string().max(64).optional(),
      last_name: z.string().max(64).optional(),
      email: z.string().max(128).optional(),
      phone: z.string().max(32).optional(),
      device_id: z.string().max(64).optional(),
      account_id: z.string().max(64).optional(),
      media_url: z.string().max(2000).optional(),
    })
    // attribute[CODE]=… (service definitions' extra fields) pass; this server defines none.
    .passthrough();

  const NINETY_DAYS_MS = 90 * 86_400_000;
  const MAX_REQUESTS = 1000;

  const w3Date = (name: string, value: string | null): number | undefined => {
    if (value === null || value === '') return undefined;
    const t = Date.parse(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t))
      throw new HttpProblem(400, {
        code: 'bad_request',
        message: `${name} must be a w3 datetime such as 2010-01-01T00:00:00Z`,
      });
    return t;
  };

  const list = (value: string | null): string[] =>
    (value ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);

  const open311Send = (
    res: ServerResponse,
    format: Open311Format,
    status: number,
    kind: Open311Kind,
    records: Open311Record[],
    headers: Record<string, string> = {},
  ): void => {
    res.writeHead(status, {
      'Content-Type': CONTENT_TYPE[format],
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    });
    res.end(renderOpen311(format, kind, records));
  };

  /** Form fields as the spec sends them (x-www-form-urlencoded), or a JSON object. */
  const open311Fields = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const raw = await body(req);
    const type = (req.headers['content-type'] ?? 'application/x-www-form-urlencoded').toLowerCase();
    // A form string posted without its type (fetch and some clients send text/plain) reads the same.
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('text/plain'))
      return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    if (type.startsWith('application/json')) {
      const v = parseJson(raw);
      if (typeof v !== 'object' || v === null || Array.isArray(v))
        throw new HttpProblem(400, { code: 'bad_request', message: 'The body must be one JSON object' });
      return v as Record<string, unknown>;
    }
    throw new HttpProblem(415, {
      code: 'bad_request',
      message: 'Content-Type must be application/x-www-form-urlencoded (or application/json)',
    });
  };

  const open311 = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    route: { resource: string; id: string | null; format: Open311Format },
  ): Promise<void> => {
    const { resource, format } = route;
    if (resource === 'services' && req.method === 'GET') {
      open311Send(res, format, 200, 'services', api().services().map(serviceRecord));
      return;
    }
    if (resource === 'requests' && route.id === null && req.method === 'POST') {
      const fields = await open311Fields(req);
      const given = bearer(req) ?? (typeof fields.api_key === 'string' ? fields.api_key : null);
      const key = authenticate(given ?? url.searchParams.get('api_key'));
      const f = validated(open311Create, fields);
      // The spec answers an unknown service_code with 404, not 400.
      if (
        !api()
          .services()
          .some((s) => s.code === f.service_code)
      )
        throw new HttpProblem(404, {
          code: 'not_found',
          message: `service_code ${f.service_code} was not found`,
        });
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
      const notice = c.outsideDistrict
        ? 'Received; the location is outside the district and will be placed by the operator'
        : `Received and located in ${[c.town?.name, c.community?.name, c.cell?.name].filter(Boolean).join(' ')}`;
      open311Send(res, format, 201, 'requests', [
        { service_request_id: c.id, service_notice: notice, account_id: null },
      ]);
      return;
    }
    if (resource !== 'requests' || req.method !== 'GET')
      throw new HttpProblem(405, { code: 'bad_request', message: 'Method not allowed' });
    authenticate(bearer(req) ?? url.searchParams.get('api_key'));
    if (route.id !== null) {
      open311Send(res, format, 200, 'requests', [requestRecord(api().get(route.id))]);
      return;
    }
    const ids = list(url.searchParams.get('service_request_id'));
    if (ids.length) {
      // service_request_id overrides every other argument; unknown ids are left out.
      const found = ids.slice(0, MAX_REQUESTS).flatMap((id) => {
        try {
          return [requestRecord(api().get(id))];
        } catch {
          return [];
        }
      });
      open311Send(res, format, 200, 'requests', found);
      return;
    }
    const statuses = list(url.searchParams.get('status'));
    const badStatus = statuses.find((s) => s !== 'open' && s !== 'closed');
    if (badStatus)
      throw new HttpProblem(400, {
        code: 'bad_request',
        message: `status must be open or closed, not ${badStatus}`,
      });
    let from = w3Date('start_date', url.searchParams.get('start_date'));
    let to = w3Date('end_date', url.searchParams.get('end_date'));
    // Without dates the spec's default is the most recent 90 days; a range may not span more.
    if (from === undefined && to === undefined) to = api().now();
    if (from === undefined) from = to! - NINETY_DAYS_MS;
    if (to === undefined) to = from + NINETY_DAYS_MS;
    if (to < from)
      throw new HttpProblem(400, { code: 'bad_request', message: 'end_date is before start_date' });
    if (to - from > NINETY_DAYS_MS)
      throw new HttpProblem(400, {
        code: 'bad_request',
        message: 'start_date to end_date spans more than 90 days',
      });
    const codes = list(url.searchParams.get('service_code'));
    const open = statuses.length === 1 ? statuses[0] === 'open' : undefined;
    const found = api().query({
      ...(codes.length ? { itemCodes: codes } : {}),
      ...(open === undefined ? {} : { open }),
      from,
      to,
      limit: MAX_REQUESTS,
    });
    open311Send(res, format, 200, 'requests', found.map(requestRecord));
  };

  const OPEN311_PATH = /^\/open311\/v2\/(services|requests)(?:\/([^/]+))?\.(json|xml)$/;

  return {
    matches: (p) => p === '/api/intake/cases' || p.startsWith('/open311/v2/'),
    async handle(req, res, url) {
      const isOpen311 = url.pathname.startsWith('/open311/');
      const m = OPEN311_PATH.exec(url.pathname);
      // An unknown path still answers in the format it names, JSON when it names none.
      const format: Open311Format = m?.[3] === 'xml' || url.pathname.endsWith('.xml') ? 'xml' : 'json';
      try {
        if (!isOpen311) await nativeCreate(req, res);
        else if (!m || (m[1] === 'services' && m[2] !== undefined))
          throw new HttpProblem(404, { code: 'not_found', message: 'No such Open311 endpoint' });
        else
          await open311(req, res, url, {
            resource: m[1]!,
            id: m[2] === undefined ? null : decodeURIComponent(m[2]),
            format,
          });
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
          open311Send(
            res,
            format,
            problem.status,
            'errors',
            errorRecords(problem.status, problem.body.message, problem.body.issues ?? []),
            problem.headers,
          );
        else send(res, problem.status, { ok: false, error: problem.body }, problem.headers);
      }
    },
  };
}
