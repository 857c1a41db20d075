import type { ApiClient } from './api-client.ts';
import { splitAccessToken } from './access-token.ts';
import { HttpClient } from './http-client.ts';
import { IpcClient } from './ipc-client.ts';

/** The only place that knows which host the UI runs in: the Electron bridge if present, else HTTP. */
export function createApiClient(): ApiClient {
  if (window.gezhi) return new IpcClient(window.gezhi);
  const { token, cleanUrl } = splitAccessToken(window.location.href);
  if (token) window.history.replaceState(window.history.state, '', cleanUrl);
  return new HttpClient(window.location.href, token);
}
