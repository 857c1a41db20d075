/**
 * Starting the snapshot worker from the source tree under tsx (tests, dev). Node 20 does not pass
 * `--import tsx` loader hooks on to workers, so an eval stub registers tsx, then imports the .ts
 * worker. Kept apart because it reads import.meta, which the cjs bundle never needs.
 */
import { Worker } from 'node:worker_threads';

export function startSourceWorker(): Worker {
  const source = new URL('./snapshot-worker.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const stub = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(stub, { eval: true });
}
