/**
 * The one interface the UI talks to the backend through. Two implementations (Electron IPC, HTTP +
 * WebSocket); the UI never knows which one it has.
 */
import type {
  ApiErrorBody,
  MethodName,
  PushEvent,
  RequestOf,
  ResponseOf,
} from '../../../shared/api/contract.ts';

export interface ApiClient {
  /** Resolves with the value, or throws an ApiError carrying the backend's error body. */
  invoke<M extends MethodName>(method: M, params: RequestOf<M>): Promise<ResponseOf<M>>;
  /** Subscribes to push events; returns the unsubscribe function. */
  onEvent(listener: (e: PushEvent) => void): () => void;
  /** Connection changes of the push channel (HTTP only; IPC is always connected). */
  onConnection?(listener: (connected: boolean) => void): () => void;
  /** Sends an import file's bytes to the backend (outside invoke's 1 MiB body); resolves with its upload id. */
  uploadImport(
    file: File,
    onProgress: (fraction: number) => void,
  ): Promise<{ uploadId: string; bytes: number }>;
  /** Hands an export to the user: a browser download, or Electron's save dialog. */
  deliverExport(downloadId: string, fileName: string): Promise<{ saved: boolean; path?: string }>;
}

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
  }
}

/** The body of any thrown thing, so callers can translate it by code. */
export function errorBodyOf(e: unknown): ApiErrorBody {
  if (e instanceof ApiError) return e.body;
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/** Shared by both implementations: checks the result's shape and unwraps it. */
export function unwrapResult<M extends MethodName>(result: unknown): ResponseOf<M> {
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    const r = result as { ok: boolean; value?: unknown; error?: ApiErrorBody };
    if (r.ok) return r.value as ResponseOf<M>;
    if (r.error && typeof r.error.code === 'string') throw new ApiError(r.error);
  }
  throw new ApiError({ code: 'internal', message: 'Malformed response from the backend' });
}
