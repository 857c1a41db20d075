import type { ApiErrorBody } from '../../shared/api/contract.ts';

/** The HTTP status for each API error code, the same on every route of the serve host. */
export const STATUS_OF: Record<ApiErrorBody['code'], number> = {
  bad_request: 400,
  unauthorized: 401,
  conflict: 409,
  rate_limited: 429,
  unknown_method: 404,
  not_found: 404,
  store_unavailable: 503,
  internal: 500,
};
