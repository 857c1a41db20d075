import type { ApiErrorBody, ErrorCode } from '../../shared/api/contract.ts';

/** An error a handler throws on purpose; it reaches the renderer as an ApiErrorBody. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, string | number>,
    /** Field-level problems, as zod reports them, for bad_request. */
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
      ...(this.issues ? { issues: this.issues } : {}),
    };
  }
}
