import type { MethodName, PushEvent, RequestOf, ResponseOf } from '../../../shared/api/contract.ts';
import { ApiError, unwrapResult, type ApiClient } from './api-client.ts';
import { eventsUrl } from './access-token.ts';
import { reconnectDelayMs } from './backoff.ts';

/**
 * Serve mode: requests as POST /api/invoke, pushes over a WebSocket at /api/events that is opened
 * on the first subscriber and reopened with backoff when it drops.
 */
export class HttpClient implements ApiClient {
  private readonly listeners = new Set<(e: PushEvent) => void>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly pageHref: string,
    private readonly token: string | null,
  ) {
    // A reload or close would otherwise show up as a failed connection in the console.
    window.addEventListener('pagehide', () => this.close());
  }

  async invoke<M extends MethodName>(method: M, params: RequestOf<M>): Promise<ResponseOf<M>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(new URL('/api/invoke', this.pageHref), {
        method: 'POST',
        headers,
        body: JSON.stringify({ method, params }),
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError({
        code: 'internal',
        message: e instanceof Error ? e.message : String(e),
        details: { network: 1 },
      });
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new ApiError({ code: 'internal', message: `HTTP ${res.status} without a JSON body` });
    }
    return unwrapResult<M>(body);
  }

  /** XMLHttpRequest rather than fetch: it reports upload progress. */
  uploadImport(
    file: File,
    onProgress: (fraction: number) => void,
  ): Promise<{ uploadId: string; bytes: number }> {
    return new Promise((resolve, reject) => {
      const url = new URL('/api/transfer/upload', this.pageHref);
      url.searchParams.set('name', file.name);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url.href);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      if (this.token) xhr.setRequestHeader('Authorization', `Bearer ${this.token}`);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onerror = () =>
        reject(new ApiError({ code: 'internal', message: 'Upload failed', details: { network: 1 } }));
      xhr.onload = () => {
        try {
          resolve(
            unwrapResult<MethodName>(JSON.parse(xhr.responseText)) as unknown as {
              uploadId: string;
              bytes: number;
            },
          );
        } catch (e) {
          reject(
            e instanceof ApiError ? e : new ApiError({ code: 'internal', message: `HTTP ${xhr.status}` }),
          );
        }
      };
      xhr.send(file);
    });
  }

  deliverExport(downloadId: string, fileName: string): Promise<{ saved: boolean }> {
    const url = new URL('/api/transfer/download', this.pageHref);
    url.searchParams.set('id', downloadId);
    if (this.token) url.searchParams.set('token', this.token);
    const a = document.createElement('a');
    a.href = url.href;
    a.download = fileName;
    document.body.append(a);
    a.click();
    a.remove();
    return Promise.resolve({ saved: true });
  }

  onEvent(listener: (e: PushEvent) => void): () => void {
    this.listeners.add(listener);
    this.connect();
    return () => {
      this.listeners.delete(listener);
    };
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => {
      this.connectionListeners.delete(listener);
    };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close();
    this.socket = null;
  }

  private connect(): void {
    if (this.socket || this.closed || this.timer) return;
    const ws = new WebSocket(eventsUrl(this.pageHref, this.token));
    this.socket = ws;
    ws.addEventListener('open', () => {
      this.attempt = 0;
      this.connectionListeners.forEach((l) => l(true));
    });
    ws.addEventListener('message', (msg) => {
      if (typeof msg.data !== 'string') return;
      let event: PushEvent;
      try {
        event = JSON.parse(msg.data) as PushEvent;
      } catch {
        return;
      }
      this.listeners.forEach((l) => l(event));
    });
    ws.addEventListener('close', () => {
      if (this.socket !== ws) return;
      this.socket = null;
      if (this.closed) return;
      this.connectionListeners.forEach((l) => l(false));
      this.timer = setTimeout(() => {
        this.timer = null;
        this.connect();
      }, reconnectDelayMs(this.attempt++));
    });
  }
}
