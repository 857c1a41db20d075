/**
 * An import is one edit in the draft's log, and its forward patch is stored once: the row holds the
 * patch both ways and an op that only names itself. The data file, read with the sqlite3 tool after
 * the app closed, shows that; reopening finds the imported draft, and undo and redo still work across
 * restarts. A row written the older way (the whole patch in the op too) still loads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type {
  DraftEditResponse,
  DraftUnitProperties,
  OpenDraftState,
} from '../../shared/api/drafts-contract.ts';
import type { ExportResult, ImportResult } from '../../shared/api/transfer-contract.ts';
import type { Backend } from '../../electron/backend/backend.ts';
import { call, nanshaCopy, openBackend } from '../helpers/draft-fixture.ts';

type Layer = FeatureCollection<Polygon | MultiPolygon, DraftUnitProperties>;

const sqlite = (file: string, sql: string): string =>
  execFileSync('sqlite3', ['-separator', '|', file, sql], { encoding: 'utf8', maxBuffer: 1 << 28 }).trim();

const cells = (b: Backend): Promise<Layer> => call<Layer>(b, 'draft.layer', { level: 'cell' });
const names = (l: Layer): string[] => l.features.map((f) => f.properties.name).sort();

test('an import is stored once in the draft log and undoes and redoes across restarts', async () => {
  const file = await nanshaCopy();
  let b = await openBackend(file);
  let original: Layer;
  let imported: Layer;
  try {
    await call<OpenDraftState>(b, 'draft.open');
    original = await cells(b);
    // Every cell of the district back in, renamed: a patch over thousands of units.
    const r = await call<ExportResult>(b, 'transfer.export', { format: 'geojson', level: 'cell' });
    const fc = JSON.parse(new TextDecoder().decode(b.transfer.download(r.downloadId)!.bytes)) as Layer;
    for (const f of fc.features) f.properties.name = `导入${f.properties.name}`;
    const { uploadId } = b.transfer.putUpload('cells.geojson', new TextEncoder().encode(JSON.stringify(fc)));
    const result = await call<ImportResult>(b, 'transfer.import', {
      uploadId,
      jobId: 'log-once',
      mapping: { name: 'name', code: 'code', parentCode: 'parent_code', kind: null, population: null },
      level: 'cell',
    });
    assert.ok(!result.cancelled);
    assert.equal(result.replaced, original.features.length);
    assert.equal(result.state.edits, 1);
    imported = await cells(b);
    assert.deepEqual(names(imported), original.features.map((f) => `导入${f.properties.name}`).sort());
  } finally {
    await b.close();
  }

  const [rows, opBytes, forwardBytes, inverseBytes, op] = sqlite(
    file,
    `SELECT count(*), sum(length(op_json)), sum(length(forward_json)), sum(length(inverse_json)),
            max(op_json) FROM draft_edit`,
  ).split('|');
  assert.equal(rows, '1', 'one row for the import');
  assert.ok(
    op === '{"op":"patch"}',
    `the op names itself, the patch is the forward one; op_json: ${op!.slice(0, 80)}…`,
  );
  assert.ok(Number(forwardBytes) > 100_000, `the forward patch holds every cell (${forwardBytes} bytes)`);
  assert.ok(Number(inverseBytes) > 100_000, 'and so does the inverse');
  assert.ok(Number(opBytes) < 64, `op_json is ${opBytes} bytes`);

  const timeless = (s: OpenDraftState) => ({ ...s, coverage: { ...s.coverage, ms: 0 } });
  b = await openBackend(file);
  let undone: OpenDraftState;
  try {
    const s = await call<OpenDraftState>(b, 'draft.get');
    assert.equal(s.edits, 1);
    assert.ok(s.canUndo && !s.canRedo);
    assert.equal(s.log[0]?.op, 'patch');
    assert.deepEqual(await cells(b), imported, 'replayed from the log as it was');
    undone = (await call<DraftEditResponse>(b, 'draft.undo')).state;
    assert.equal(undone.edits, 0);
    assert.deepEqual(names(await cells(b)), names(original), 'undo brings the old names back');
  } finally {
    await b.close();
  }

  b = await openBackend(file);
  try {
    const s = await call<OpenDraftState>(b, 'draft.get');
    assert.deepEqual(timeless(s), timeless(undone), 'the undone import is still there to redo');
    assert.deepEqual(await cells(b), original);
    const redone = await call<DraftEditResponse>(b, 'draft.redo');
    assert.equal(redone.state.edits, 1);
    assert.deepEqual(await cells(b), imported, 'redo puts the import back exactly');
  } finally {
    await b.close();
  }
  assert.equal(sqlite(file, 'SELECT count(*) || "|" || max(undone) FROM draft_edit'), '1|0');

  // A draft left by an older build, whose op carried the whole patch as well, opens the same way.
  sqlite(file, `UPDATE draft_edit SET op_json = json_object('op', 'patch', 'patch', json(forward_json))`);
  assert.ok(Number(sqlite(file, 'SELECT length(op_json) FROM draft_edit')) > 100_000);
  b = await openBackend(file);
  try {
    assert.equal((await call<OpenDraftState>(b, 'draft.get')).edits, 1);
    assert.deepEqual(await cells(b), imported);
    await call(b, 'draft.undo');
    assert.deepEqual(await cells(b), original);
  } finally {
    await b.close();
  }
});
