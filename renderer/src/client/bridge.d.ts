/** What electron/preload.ts exposes through contextBridge; absent in a browser. */
import type { ApiResult, MethodName, PushEvent } from '../../../shared/api/contract.ts';

declare global {
  interface GezhiBridge {
    readonly host: 'electron';
    invoke(method: string, params: unknown): Promise<ApiResult<MethodName>>;
    onEvent(listener: (e: PushEvent) => void): () => void;
    /** Import file bytes to the backend (the HTTP host has POST /api/transfer/upload instead). */
    uploadImport?(name: string, bytes: ArrayBuffer): Promise<ApiResult<MethodName>>;
    /** Save an export through the main process's save dialog. */
    saveExport?(downloadId: string): Promise<{ saved: boolean; path?: string }>;
  }
  interface Window {
    readonly gezhi?: GezhiBridge;
  }
}

export {};
