/**
 * Serve host: `npm run serve -- [--port N] [--data FILE] [--host ADDR --token T] [--demo NAME]`.
 * The same backend as the Electron app, over HTTP + WebSocket, for any browser, a video-wall
 * controller, a second seat, and the end-to-end tests.
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { appPaths, findAppRoot } from './app-paths.ts';
import type { DemoDataset } from './backend/backend.ts';
import { openBackend } from './backend/opening-backend.ts';
import { DEMO_DATASETS, demoMaker } from './backend/demo-data.ts';
import { isLoopback, startHttpHost } from './hosts/http-host.ts';

const USAGE = `Usage: npm run serve -- [--port N] [--data FILE] [--demo nansha|guangzhou|nansha-defects|none]
                         [--host ADDR --allow-remote [--token TOKEN]]
  --port N          port to listen on (default 5177; 0 picks a free one)
  --data FILE       the data file (default ./gezhi-data/gezhi.gpkg; created with demo data if missing)
  --demo NAME       which demo grid fills a new data file (default nansha)
  --host ADDR       address to bind (default 127.0.0.1)
  --allow-remote    required to bind a non-loopback address; an access token is then required
  --token TOKEN     access token for remote seats (generated and printed when not given)
  --intake-rate N   intake requests per second per API key (default 250: the
                    command center's sustained target is 200 cases/s)
  --clock-file FILE tests only: the backend's clock runs FILE's number of milliseconds ahead of the
                    system clock (re-read at most every 200 ms), so a test can make a case overdue
  --import-hold-file FILE
                    tests only: while FILE exists, a grid import waits after its patch is built and
                    before it is written to the draft, until it is cancelled or FILE is removed
  --open-hold-file FILE
                    tests only: while FILE exists, the data file is not opened (the window is
                    served, and answered from what the last clean close kept)
  --columns-build-hold-file FILE
                    tests only: the heatmap's case columns are built 1,000 rows at a time, waiting
                    between chunks while FILE exists`;

function fail(message: string): never {
  console.error(`gezhi serve: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function intakeRate(text: string): number {
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) fail(`--intake-rate must be a positive number, not "${text}"`);
  return n;
}

/** A clock offset by the number in `file` (0 when missing or not a number), re-read lazily. */
function offsetClock(file: string): () => number {
  let offset = 0;
  let readAt = -Infinity;
  return () => {
    const now = Date.now();
    if (now - readAt > 200) {
      readAt = now;
      try {
        const n = Number(readFileSync(file, 'utf8').trim());
        offset = Number.isFinite(n) ? n : 0;
      } catch {
        offset = 0;
      }
    }
    return now + offset;
  };
}

const fileExists =
  (file: string): (() => boolean) =>
  () =>
    existsSync(file);

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string', default: '5177' },
        data: { type: 'string', default: 'gezhi-data/gezhi.gpkg' },
        demo: { type: 'string', default: 'nansha' },
        host: { type: 'string', default: '127.0.0.1' },
        'allow-remote': { type: 'boolean', default: false },
        token: { type: 'string' },
        'intake-rate': { type: 'string', default: '250' },
        'clock-file': { type: 'string' },
        'import-hold-file': { type: 'string' },
        'open-hold-file': { type: 'string' },
        'columns-build-hold-file': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be a number from 0 to 65535, not "${args.port}"`);
  if (!DEMO_DATASETS.includes(args.demo as DemoDataset))
    fail(`--demo must be one of ${DEMO_DATASETS.join(', ')}`);
  const remote = !isLoopback(args.host);
  if (remote && !args['allow-remote'])
    fail(`binding ${args.host} lets other machines connect: add --allow-remote to confirm`);
  const token = remote ? (args.token ?? randomBytes(18).toString('base64url')) : args.token;

  const root = findAppRoot(__dirname);
  const paths = appPaths(root);
  const dataFile = resolve(args.data);
  const version = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string })
    .version;
  // Served at once: the window loads while the data file is read (opening-backend.ts).
  const backend = openBackend({
    dataFile,
    host: 'serve',
    version,
    makeDemo: demoMaker(paths.data, args.demo as DemoDataset),
    dataDir: paths.data,
    ...(args['clock-file'] ? { now: offsetClock(resolve(args['clock-file'])) } : {}),
    ...(args['import-hold-file']
      ? { holdImportBeforeCommit: fileExists(resolve(args['import-hold-file'])) }
      : {}),
    ...(args['open-hold-file'] ? { holdOpen: fileExists(resolve(args['open-hold-file'])) } : {}),
    ...(args['columns-build-hold-file']
      ? { holdColumnsBuild: fileExists(resolve(args['columns-build-hold-file'])) }
      : {}),
  });
  const host = await startHttpHost({
    backend,
    rendererRoot: paths.renderer,
    host: args.host,
    port,
    ...(token ? { token } : {}),
    intakeRate: intakeRate(args['intake-rate']),
  });
  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await host.close();
    await backend.close();
    process.exit(0);
  };
  // Before the URL is printed: whoever waits for it (a test, a script) may stop the host at once,
  // and a SIGTERM without these handlers kills it without folding the log into the data file.
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  console.log(`GeZhi serve: data file ${dataFile}`);
  console.log(`GeZhi serve: open ${host.url}`);
  const { status } = await backend.opened;
  if (status.state === 'failed') {
    console.error(`gezhi serve: the data file could not be opened: ${status.error.message}`);
    console.error('gezhi serve: serving the app anyway so the problem is shown in the window.');
  } else {
    for (const f of status.report.findings)
      console.warn(`gezhi serve: ${f.code} ${JSON.stringify(f.values)}`);
    console.log('GeZhi serve: data file open');
  }
}

main().catch((e: unknown) => {
  console.error(`gezhi serve: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
