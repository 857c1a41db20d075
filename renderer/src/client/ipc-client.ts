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

  async uploadImport(
    file: File,
    onProgress: (fraction: number) => void,
  ): Promise<{ uploadId: string; bytes: number }> {
    if (!this.bridge.uploadImport) throw new Error('This window cannot upload files');
    const result = await this.bridge.uploadImport(file.name, await file.arrayBuffer());
    onProgress(1);
    return unwrapResult<MethodName>(result) as unknown as { uploadId: string; bytes: number };
  }

  async deliverExport(downloadId: string): Promise<{ saved: boolean; path?: string }> {
    if (!this.bridge.saveExport) throw new Error('This window cannot save files');
    return this.bridge.saveExport(downloadId);
  }
}
