import { join } from 'node:path';
import type { BackendOptions } from '../../electron/backend/backend.ts';
import { demoMaker } from '../../electron/backend/demo-data.ts';
import { REPO_ROOT } from './serve-process.ts';

const DATA = join(REPO_ROOT, 'data');

/**
 * How the integration tests open a backend: on `dataFile`, seeded with the Nansha demo grid and the
 * repository's reference data, as the serve host would; `more` adds a clock or a test's own options.
 */
export function demoBackendOptions(dataFile: string, more: Partial<BackendOptions> = {}): BackendOptions {
  return {
    dataFile,
    host: 'serve',
    version: 'test',
    makeDemo: demoMaker(DATA, 'nansha'),
    dataDir: DATA,
    ...more,
  };
}
