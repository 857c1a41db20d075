// Builds everything the two hosts need into dist/: the renderer (Vite) and the Electron main,
// preload, serve host and store worker (esbuild; node_modules stay external so sql.js finds its wasm).
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { existsSync } from 'node:fs';

const only = process.argv[2]; // 'renderer' | 'electron' | undefined (both)

if (!only || only === 'electron') {
  const entries = [
    'electron/main.ts',
    'electron/preload.ts',
    'electron/serve.ts',
    'electron/backend/store/snapshot-worker.ts',
  ].filter((f) => existsSync(f));
  await esbuild({
    entryPoints: entries,
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    entryNames: '[name]',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
  });
}
if (!only || only === 'renderer') {
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
console.log('build: ok');
