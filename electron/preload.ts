/**
 * Preload (sandboxed): exposes the API contract and nothing else. The renderer sees
 * `window.gezhi.invoke(method, params)` and `window.gezhi.onEvent(listener)`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiResult, MethodName, PushEvent } from '../shared/api/contract.ts';

contextBridge.exposeInMainWorld('gezhi', {
  host: 'electron',
  invoke: (method: MethodName, params: unknown): Promise<ApiResult<MethodName>> =>
    ipcRenderer.invoke('gezhi:invoke', method, params) as Promise<ApiResult<MethodName>>,
  onEvent: (listener: (e: PushEvent) => void): (() => void) => {
    const handler = (_e: IpcRendererEvent, event: PushEvent): void => listener(event);
    ipcRenderer.on('gezhi:event', handler);
    return () => ipcRenderer.removeListener('gezhi:event', handler);
  },
});
