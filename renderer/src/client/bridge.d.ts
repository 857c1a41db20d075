/** What electron/preload.ts exposes through contextBridge; absent in a browser. */
import type { ApiResult, MethodName, PushEvent } from '../../../shared/api/contract.ts';

declare global {
  interface GezhiBridge {
    readonly host: 'electron';
    invoke(method: string, params: unknown): Promise<ApiResult<MethodName>>;
    onEvent(listener: (e: PushEvent) => void): () => void;
  }
  interface Window {
    readonly gezhi?: GezhiBridge;
  }
}

export {};
