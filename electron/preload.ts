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
  /** An import file's bytes, held by the backend until transfer.inspect / transfer.import name it. */
  uploadImport: (name: string, bytes: ArrayBuffer): Promise<ApiResult<MethodName>> =>
    ipcRenderer.invoke('gezhi:transfer-upload', name, bytes) as Promise<ApiResult<MethodName>>,
  /** Asks where to save an export (a save dialog in the main process) and writes it there. */
  saveExport: (downloadId: string): Promise<{ saved: boolean; path?: string }> =>
    ipcRenderer.invoke('gezhi:transfer-save', downloadId) as Promise<{ saved: boolean; path?: string }>,
  onEvent: (listener: (e: PushEvent) => void): (() => void) => {
    const handler = (_e: IpcRendererEvent, event: PushEvent): void => listener(event);
    ipcRenderer.on('gezhi:event', handler);
    return () => ipcRenderer.removeListener('gezhi:event', handler);
  },
});
