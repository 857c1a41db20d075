import type { MethodName, PushEvent, RequestOf, ResponseOf } from '../../../shared/api/contract.ts';
import { unwrapResult, type ApiClient } from './api-client.ts';

/** Electron: the preload bridge carries both requests and pushes. */
export class IpcClient implements ApiClient {
  constructor(private readonly bridge: GezhiBridge) {}

  async invoke<M extends MethodName>(method: M, params: RequestOf<M>): Promise<ResponseOf<M>> {
    return unwrapResult<M>(await this.bridge.invoke(method, params));
  }

  onEvent(listener: (e: PushEvent) => void): () => void {
    return this.bridge.onEvent(listener);
  }
}
