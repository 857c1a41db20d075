/**
 * `npm run bench [-- PREFIX]`: runs every benchmark in test/bench/*.bench.ts whose name starts with
 * PREFIX and prints one line per figure, `bench: NAME=VALUE UNIT`. Never asserts times.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { childPeakRss, type Benchmark } from './bench-types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const prefix = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
let ran = 0;
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { benchmarks: Benchmark[] };
  for (const b of mod.benchmarks) {
    const wanted = b.figures.filter((n) => n.startsWith(prefix));
    if (!wanted.length && !b.name.startsWith(prefix)) continue;
    const figures = await b.run();
    for (const fig of figures) {
      if (!fig.name.startsWith(prefix) && !b.name.startsWith(prefix)) continue;
      console.log(
        `bench: ${fig.name}=${Number.isInteger(fig.value) ? fig.value : fig.value.toFixed(1)} ${fig.unit}`,
      );
      ran++;
    }
  }
}
if ('peak_rss_mb'.startsWith(prefix)) {
  // Peak resident memory of this process (store, generators) or of a host it started, whichever is larger.
  const own = process.resourceUsage().maxRSS / 1024;
  console.log(`bench: peak_rss_mb=${Math.round(Math.max(own, childPeakRss()))} MB`);
  ran++;
}
if (!ran) {
  console.error(`bench: no benchmark name starts with "${prefix}"`);
  process.exit(1);
}
