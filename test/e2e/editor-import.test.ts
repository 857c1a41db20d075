/**
 * Grid import and export in planner mode, end to end: a GBK shapefile that ogr2ogr wrote, zipped
 * as a planning bureau sends it, goes through the import dialog (detected encoding and coordinate
 * system, preview over the grid, field mapping) into the draft as one edit, and undo takes it out;
 * a level exported through the dialog downloads as a file with the right units; a 20,000-polygon
 * import cancelled at its last step (held there by the serve host's test flag) changes nothing; a
 * 500 MB file and a zip without its .dbf are refused with their reason; a GCJ-02 file is seen off the
 * grid until the planner picks GCJ-02. Real serve host, real Chromium with WebGL, no off-loopback
 * request and no console error allowed (but the refusals the tests provoke).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import type { FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { DraftUnitFeature, OpenDraftState } from '../../shared/api/drafts-contract.ts';
import { wgs84ToGcj02 } from '../../shared/transfer/china-offsets.ts';
import { assertCleanAndClose, launchBrowser, screenshot, type WatchedPage } from '../helpers/browser.ts';
import { callApi } from '../helpers/draft-queries.ts';
import { openPlannerPage } from '../helpers/editor-page.ts';
import { startServe, tempDir, type ServeProcess } from '../helpers/serve-process.ts';

let serve: ServeProcess;
let browser: Browser;
const pages: WatchedPage[] = [];
let zipFile = '';
let holdFile = '';
let community = '';
let originals: DraftUnitFeature[] = [];
const newName = (i: number): string => `规划局东涌${i + 1}号网格`;

const call = <T>(method: string, params: unknown = {}): Promise<T> =>
  callApi<T>(serve.origin, method, params);
const openPlanner = (viewport?: { width: number; height: number }): Promise<WatchedPage> =>
  openPlannerPage(browser, serve.url, pages, { viewport, hooks: false });
const draftCells = async (): Promise<DraftUnitFeature[]> =>
  (await call<{ features: DraftUnitFeature[] }>('draft.layer', { level: 'cell' })).features;

/** Opens the import dialog, picks the file and waits for the preview map to have drawn. */
async function preview(page: Page, file = zipFile): Promise<void> {
  await page.getByTestId('action-import').click();
  // The chooser speaks the UI's language: our button, not Chromium's "Choose File".
  assert.equal(await page.getByTestId('import-file-button').textContent(), '选择文件');
  assert.equal(await page.getByTestId('import-file-status').textContent(), '尚未选择文件');
  assert.equal(await page.locator('[data-testid="import-dialog"] input[type=file]:visible').count(), 0);
  await page.getByTestId('import-file').setInputFiles(file);
  await page.waitForSelector(`[data-testid="import-file-status"]:text-is("${basename(file)}")`);
  await page.waitForSelector('[data-testid="import-preview"]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid="import-preview-map"][data-ready="true"]', { timeout: 60_000 });
}

before(async () => {
  // While this file exists the serve host holds an import after its patch is built and before it
  // is written, so the cancel test presses cancel at a known point, however fast the machine.
  holdFile = join(tempDir('gezhi-e2e-hold-'), 'hold-imports');
  serve = await startServe({ demo: 'nansha', extraArgs: ['--import-hold-file', holdFile] });
  browser = await launchBrowser();
  // One community's cells, renamed, written by GDAL as a GBK shapefile and zipped.
  const cells = (
    await call<FeatureCollection<Polygon | MultiPolygon, DraftUnitFeature['properties']>>('grid.layer', {
      level: 'cell',
    })
  ).features as DraftUnitFeature[];
  const counts = new Map<string, number>();
  for (const c of cells)
    counts.set(c.properties.parentCode!, (counts.get(c.properties.parentCode!) ?? 0) + 1);
  community = [...counts].find(([, n]) => n >= 4)![0];
  originals = cells.filter((c) => c.properties.parentCode === community);
  const dir = tempDir('gezhi-e2e-import-');
  const src = join(dir, 'src.geojson');
  writeFileSync(
    src,
    JSON.stringify({
      type: 'FeatureCollection',
      features: originals.map((f, i) => ({
        type: 'Feature',
        properties: { MC: newName(i), WGBM: f.properties.code, SJBM: community, RKS: 1000 + i },
        geometry: f.geometry,
      })),
    }),
  );
  const out = join(dir, 'shp');
  mkdirSync(out);
  execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=GBK', join(out, '东涌网格.shp'), src]);
  const files: Record<string, Uint8Array> = {};
  for (const f of readdirSync(out)) files[f] = new Uint8Array(readFileSync(join(out, f)));
  zipFile = join(dir, '东涌网格_GBK.zip');
  writeFileSync(zipFile, zipSync(files));
});

after(async () => {
  // Closed even when the check fails: a browser or server left running keeps the test file alive.
  try {
    await assertCleanAndClose(pages);
  } finally {
    await browser?.close();
    await serve?.stop();
  }
});

test('import a zipped GBK shapefile through the dialog, see it in the draft, undo it', async () => {
  const { page } = await openPlanner();
  await preview(page);
  assert.equal(await page.getByTestId('import-format').textContent(), 'shapefile');
  assert.equal(await page.getByTestId('import-count').textContent(), String(originals.length));
  assert.equal(await page.getByTestId('import-encoding').inputValue(), 'gbk');
  assert.match((await page.getByTestId('import-encoding-basis').textContent()) ?? '', /\.cpg/);
  assert.match((await page.getByTestId('import-sample').textContent()) ?? '', new RegExp(newName(0)));
  assert.match((await page.getByTestId('import-crs-used').textContent()) ?? '', /WGS 84/);
  await screenshot(page, 'editor-import-preview-1920');

  // The file's field names are not the usual ones: the planner maps them.
  await page.getByTestId('import-map-name').selectOption('MC');
  await page.getByTestId('import-map-code').selectOption('WGBM');
  await page.getByTestId('import-map-parentCode').selectOption('SJBM');
  await page.getByTestId('import-map-population').selectOption('RKS');
  await page.getByTestId('import-level').selectOption('cell');
  await page.getByTestId('import-run').click();
  await page.waitForSelector('[data-testid="import-dialog"]', { state: 'detached', timeout: 60_000 });
  await page.waitForSelector('[data-testid="editor-toast"]');
  assert.match(
    (await page.getByTestId('editor-toast').textContent()) ?? '',
    new RegExp(`更新 ${originals.length} 个`),
  );
  await page.waitForSelector('body[data-editor="ready"]');

  const state = await call<OpenDraftState>('draft.get');
  assert.equal(state.edits, 1);
  const mine = (await draftCells()).filter((c) => c.properties.parentCode === community);
  assert.deepEqual(mine.map((c) => c.properties.name).sort(), originals.map((_, i) => newName(i)).sort());
  // The planner sees the imported name on the unit.
  const code = originals[0]!.properties.code;
  await page.getByTestId('editor-goto').fill(code);
  await page.getByTestId('editor-goto').press('Enter');
  await page.waitForSelector(`[data-testid="editor-attr-name"]:text-is("${newName(0)}")`);

  await page.getByTestId('action-undo').click();
  await page.waitForSelector(`[data-testid="editor-attr-name"]:text-is("${originals[0]!.properties.name}")`);
  assert.equal((await call<OpenDraftState>('draft.get')).edits, 0);
  const back = (await draftCells()).filter((c) => c.properties.parentCode === community);
  assert.deepEqual(back.map((c) => c.properties.name).sort(), originals.map((c) => c.properties.name).sort());
});

test('export a level through the dialog: the downloaded GeoJSON holds every community', async () => {
  const { page } = await openPlanner();
  await page.getByTestId('action-export').click();
  await page.getByTestId('export-format').selectOption('geojson');
  await page.getByTestId('export-level').selectOption('community');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-run').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'gezhi_community.geojson');
  const path = join(tempDir('gezhi-e2e-export-'), download.suggestedFilename());
  await download.saveAs(path);
  const fc = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection<
    Polygon | MultiPolygon,
    { code: string; name: string; level: string }
  >;
  const communities = (await call<{ features: DraftUnitFeature[] }>('draft.layer', { level: 'community' }))
    .features;
  assert.equal(fc.features.length, communities.length);
  const byCode = new Map(communities.map((c) => [c.properties.code, c]));
  for (const f of fc.features) {
    assert.equal(f.properties.level, 'community');
    assert.equal(f.properties.name, byCode.get(f.properties.code)?.properties.name);
  }
  await page.waitForSelector('[data-testid="editor-toast"]');
});

test('a 20,000-polygon import shows its progress, and a cancel at its last step leaves the draft as it was', async () => {
  // Small squares without codes, each around a point inside one of Nansha's cells (so every one
  // has a community to be numbered under).
  const inside = (await call<FeatureCollection<Point>>('grid.labels', { level: 'cell' })).features.map(
    (f) => f.geometry.coordinates,
  );
  const features = Array.from({ length: 20_000 }, (_, i) => {
    const [cx, cy] = inside[i % inside.length]!;
    const x = cx! + (Math.floor(i / inside.length) - 3) * 0.00002;
    const y = cy!;
    const ring = [
      [x, y],
      [x + 0.00001, y],
      [x + 0.00001, y + 0.00001],
      [x, y + 0.00001],
      [x, y],
    ];
    return {
      type: 'Feature',
      properties: { name: `方格${i}` },
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
  });
  const file = join(tempDir('gezhi-e2e-many-'), 'many.geojson');
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  const { page } = await openPlanner();
  const before = { cells: await draftCells(), state: await call<OpenDraftState>('draft.get') };
  await preview(page, file);
  assert.equal(await page.getByTestId('import-count').textContent(), '20000');
  await page.getByTestId('import-mode').selectOption('upsert');
  writeFileSync(holdFile, 'hold');
  try {
    await page.getByTestId('import-run').click();
    // Every square converted, numbered and matched against the draft; the patch waits to be written.
    await page.waitForSelector('[data-testid="import-progress"][data-phase="commit"]', { timeout: 180_000 });
    assert.match((await page.getByTestId('import-progress').textContent()) ?? '', /写入草稿 20000\/20000/);
    assert.equal(
      await page
        .locator('[data-testid="import-progress"] progress')
        .evaluate((p: HTMLProgressElement) => p.value),
      20_000,
    );
    await page.getByTestId('import-cancel').click();
    await page.waitForSelector('[data-testid="import-error"]:has-text("已取消导入")', { timeout: 60_000 });
  } finally {
    rmSync(holdFile, { force: true });
  }
  const state = await call<OpenDraftState>('draft.get');
  assert.equal(state.edits, before.state.edits, 'nothing was recorded');
  assert.deepEqual(state.log, before.state.log, 'the log and its redo step are as they were');
  assert.deepEqual(await draftCells(), before.cells, 'the draft is as it was');
  // The dialog is back at the preview, ready for another try or to be closed.
  assert.ok(await page.getByTestId('import-run').isEnabled());
  await page.getByTestId('import-close').click();
  await page.waitForSelector('[data-testid="import-dialog"]', { state: 'detached' });
});

test('the import preview at 3840×2160, then a cancel by closing changes nothing', async () => {
  const { page } = await openPlanner({ width: 3840, height: 2160 });
  await preview(page);
  await screenshot(page, 'editor-import-preview-3840');
  await page.getByTestId('import-close').click();
  await page.waitForSelector('[data-testid="import-dialog"]', { state: 'detached' });
  assert.equal((await call<OpenDraftState>('draft.get')).edits, 0);
});

test('a 500 MB file and a shapefile without its .dbf are refused in the dialog; a GCJ-02 file lands on the grid once GCJ-02 is picked', async () => {
  const watched = await openPlanner();
  const { page } = watched;
  const dir = tempDir('gezhi-e2e-bad-');
  const before = { cells: await draftCells(), state: await call<OpenDraftState>('draft.get') };

  // A 500 MB file (sparse on disk) is refused before anything is sent.
  const huge = join(dir, '全市网格.zip');
  const fd = openSync(huge, 'w');
  ftruncateSync(fd, 500 * 1024 * 1024);
  closeSync(fd);
  await page.getByTestId('action-import').click();
  await page.getByTestId('import-file').setInputFiles(huge);
  await page.getByTestId('import-error').waitFor();
  assert.match(
    (await page.getByTestId('import-error').textContent()) ?? '',
    /文件大小 500 MB，超过导入上限 200 MB/,
  );
  assert.ok(await page.getByTestId('import-run').isDisabled());
  rmSync(huge);
  await page.getByTestId('import-close').click();
  await page.getByTestId('import-dialog').waitFor({ state: 'detached' });

  // The planner forgot the .dbf: said plainly, and nothing changes.
  const files = unzipSync(new Uint8Array(readFileSync(zipFile)));
  const noDbf = join(dir, '缺dbf.zip');
  writeFileSync(
    noDbf,
    zipSync(Object.fromEntries(Object.entries(files).filter(([name]) => !name.endsWith('.dbf')))),
  );
  await page.getByTestId('action-import').click();
  await page.getByTestId('import-file').setInputFiles(noDbf);
  await page.getByTestId('import-error').waitFor({ timeout: 60_000 });
  assert.match((await page.getByTestId('import-error').textContent()) ?? '', /缺少 \.dbf 属性文件/);
  assert.ok(await page.getByTestId('import-run').isDisabled(), 'nothing to import');
  await screenshot(page, 'editor-import-no-dbf-1920');
  // The browser logs the refused upload (400) as a console error: that one is expected here.
  const refusal = watched.consoleErrors.findIndex((m) => m.includes('400'));
  assert.ok(refusal >= 0, 'the backend refused the file');
  watched.consoleErrors.splice(refusal, 1);
  assert.equal((await call<OpenDraftState>('draft.get')).edits, before.state.edits, 'nothing recorded');
  assert.deepEqual(await draftCells(), before.cells, 'the draft is as it was');

  // The same community's cells as AMap exports them (GCJ-02, which no file declares).
  const toGcj = (r: Position[]): Position[] => r.map((p) => wgs84ToGcj02(p[0]!, p[1]!));
  const amap = join(dir, 'amap.geojson');
  writeFileSync(
    amap,
    JSON.stringify({
      type: 'FeatureCollection',
      features: originals.map((f) => ({
        type: 'Feature',
        properties: { name: f.properties.name, code: f.properties.code, parent: community },
        geometry:
          f.geometry.type === 'Polygon'
            ? { type: 'Polygon', coordinates: f.geometry.coordinates.map(toGcj) }
            : { type: 'MultiPolygon', coordinates: f.geometry.coordinates.map((p) => p.map(toGcj)) },
      })),
    }),
  );
  await page.getByTestId('import-file').setInputFiles(amap);
  await page.waitForSelector('[data-testid="import-preview-map"][data-ready="true"]', { timeout: 60_000 });
  const pts = originals.flatMap((f) =>
    (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat(2),
  );
  const west = Math.min(...pts.map((p) => p[0]!));
  const south = Math.min(...pts.map((p) => p[1]!));
  const offM = async (): Promise<number> => {
    const [x, y] = ((await page.getByTestId('import-bbox').textContent()) ?? '').split(',').map(Number);
    return Math.hypot((x! - west) * 102_500, (y! - south) * 110_600);
  };
  assert.match((await page.getByTestId('import-crs-declared').textContent()) ?? '', /未声明坐标系/);
  assert.ok((await offM()) > 200, 'read as WGS-84 the outlines sit hundreds of metres off the grid');
  await screenshot(page, 'editor-import-gcj-as-is-1920');
  await page.getByTestId('import-crs').selectOption('GCJ-02');
  await page.waitForSelector('[data-testid="import-crs-used"]:has-text("GCJ-02")');
  await page.waitForSelector('[data-testid="import-preview-map"][data-ready="true"]', { timeout: 60_000 });
  assert.ok((await offM()) < 2, 'read as GCJ-02 they sit on the grid (to the 5 decimals shown)');
  await screenshot(page, 'editor-import-gcj-picked-1920');
  await page.getByTestId('import-run').click();
  await page.waitForSelector('[data-testid="import-dialog"]', { state: 'detached', timeout: 60_000 });
  await page.waitForSelector('body[data-editor="ready"]');
  const landed = new Map((await draftCells()).map((c) => [c.properties.code, c]));
  for (const f of originals) {
    const got = landed.get(f.properties.code)!;
    const a = (got.geometry.type === 'Polygon' ? [got.geometry.coordinates] : got.geometry.coordinates).flat(
      2,
    );
    const b = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat(2);
    for (const p of a) {
      const near = Math.min(
        ...b.map((q) => Math.hypot((p[0]! - q[0]!) * 102_500, (p[1]! - q[1]!) * 110_600)),
      );
      assert.ok(near < 0.01, `${f.properties.code}: a vertex ${near} m from where it was`);
    }
  }
  assert.equal((await call<OpenDraftState>('draft.get')).edits, before.state.edits + 1);
  await page.getByTestId('action-undo').click();
  for (let i = 0; i < 50 && (await call<OpenDraftState>('draft.get')).edits !== before.state.edits; i++)
    await page.waitForTimeout(100);
  const byCode = (cs: DraftUnitFeature[]): DraftUnitFeature[] =>
    [...cs].sort((x, y) => x.properties.code.localeCompare(y.properties.code));
  assert.deepEqual(byCode(await draftCells()), byCode(before.cells), 'undo takes the import out');
});
