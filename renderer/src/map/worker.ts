/**
 * Points MapLibre at its ESM worker file, shipped as a same-origin asset. Without this MapLibre
 * guesses the URL from its own module's location (wrong once bundled, empty under app://) or falls
 * back to blob: workers; with it, workers start from 'self' under the strict CSP.
 */
import { getWorkerCount, prewarm, setWorkerCount, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url&no-inline';

let done = false;
export function configureMapWorker(): void {
  if (done) return;
  done = true;
  setWorkerUrl(new URL(workerUrl, window.location.href).href);
  // MapLibre takes half the cores; on a two-core machine that is one worker tiling every level in
  // turn while the main thread mostly waits for it. Two workers tile the levels side by side.
  setWorkerCount(Math.max(2, getWorkerCount()));
}

/**
 * Starts the map's workers while the app is still asking the backend for its settings and grid.
 * Otherwise they start with the first map, and their script is fetched and parsed only after the
 * main thread has created the WebGL context: on a slow machine the grid then waits for them.
 */
export function prewarmMapWorkers(): void {
  configureMapWorker();
  prewarm();
}
