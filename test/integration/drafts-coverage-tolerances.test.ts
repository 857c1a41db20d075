/**
 * The planner's coverage tolerances through the backend on a real Nansha data file whose one cell has
 * a notch 0.2 m deep along 5 m of its boundary: a 0.5 m² gap, below the default 1 m² and listed as
 * such. Out-of-range values are refused (Chinese and English, nothing saved); a stricter area
 * tolerance saved makes the same gap an error, and the publish gate refuses the draft, also after a
 * restart (the value lives in the data file, the change in the audit log, as sqlite3 reads it).
 * Restoring the default lets the draft through.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Polygon, Position } from 'geojson';
import type { CoverageResponses } from '../../shared/api/coverage-contract.ts';
import type { DraftEditResponse, OpenDraftState } from '../../shared/api/drafts-contract.ts';
import { DEFAULT_TOLERANCES } from '../../shared/coverage/index.ts';
import { generateNansha } from '../../shared/demo/index.ts';
import type { GridUnit } from '../../shared/grid/types.ts';
import { createBackend, type Backend } from '../../electron/backend/backend.ts';
import { call, refused } from '../helpers/draft-fixture.ts';
import { REPO_ROOT, tempDir } from '../helpers/serve-process.ts';

const ACTOR = { id: 'p9', name: '周规划' };
const STRICT = { minAreaM2: 0.1, minWidthM: 0.5, snapFixM: 1 };

/** Nansha with a notch in one cell: 5 m of a long edge pushed 0.2 m into the cell. */
function notchedNansha(): { units: GridUnit[]; cell: string } {
  const dataset = generateNansha(readFileSync(join(REPO_ROOT, 'data', 'divisions-guangzhou.csv'), 'utf8'));
  const m = { x: 111_320 * Math.cos((22.7 * Math.PI) / 180), y: 110_574 };
  for (const u of dataset.units.filter((x) => x.level === 'cell').slice(50)) {
    if (u.geometry.type !== 'Polygon') continue;
    const ring = u.geometry.coordinates[0]!;
    const [p, r] = [ring[0]!, ring[1]!];
    const len = Math.hypot((r[0]! - p[0]!) * m.x, (r[1]! - p[1]!) * m.y);
    if (len < 40) continue;
    const at = (t: number): Position => [p[0]! + (r[0]! - p[0]!) * t, p[1]! + (r[1]! - p[1]!) * t];
    const [a, b, mid] = [at(0.5 - 2.5 / len), at(0.5 + 2.5 / len), at(0.5)];
    // Into the cell: towards the centre of its ring.
    const n = ring.length - 1;
    const cx = ring.slice(0, n).reduce((s, q) => s + q[0]!, 0) / n;
    const cy = ring.slice(0, n).reduce((s, q) => s + q[1]!, 0) / n;
    const nx = -(r[1]! - p[1]!) * m.y;
    const ny = (r[0]! - p[0]!) * m.x;
    const k = Math.hypot(nx, ny);
    const sign = Math.sign((cx - mid[0]!) * m.x * nx + (cy - mid[1]!) * m.y * ny) || 1;
    const q: Position = [
      mid[0]! + ((sign * nx) / k) * (0.2 / m.x),
      mid[1]! + ((sign * ny) / k) * (0.2 / m.y),
    ];
    const notched: Polygon = {
      type: 'Polygon',
      coordinates: [[p, a, q, b, ...ring.slice(1)], ...u.geometry.coordinates.slice(1)],
    };
    return {
      units: dataset.units.map((x) => (x.code === u.code ? { ...u, geometry: notched } : x)),
      cell: u.code,
    };
  }
  throw new Error('no cell with a long first edge');
}

const sqlite = (file: string, sql: string): string =>
  execFileSync('sqlite3', ['-batch', '-separator', '\t', file, sql], { encoding: 'utf8' }).trim();

test('a stricter area tolerance saved makes a 0.5 m² gap block publishing, durably; the default lets it through', async () => {
  const { units, cell } = notchedNansha();
  const file = join(tempDir('gezhi-tolerances-'), 'gezhi.gpkg');
  const open = (): Promise<Backend> =>
    createBackend({
      dataFile: file,
      host: 'serve',
      version: 'test',
      dataDir: join(REPO_ROOT, 'data'),
      makeDemo: () => ({ name: '南沙区（缺口）', units }),
    });
  let b = await open();
  const opened = await call<OpenDraftState>(b, 'draft.open', { actor: ACTOR });
  assert.deepEqual(opened.coverage.tolerances, DEFAULT_TOLERANCES);
  const gaps = opened.coverage.defects.filter((d) => d.rule === 'gap');
  assert.equal(gaps.length, 1, JSON.stringify(opened.coverage.defects.map((d) => [d.rule, d.areaM2])));
  const gap = gaps[0]!;
  assert.ok(gap.belowTolerance && gap.areaM2 > 0.3 && gap.areaM2 < 0.7, `${gap.areaM2} m²`);
  assert.ok(gap.codes.includes(cell));
  assert.equal(opened.coverage.counts.errors, 0);
  assert.equal(opened.coverage.counts.belowTolerance, 1);
  assert.ok(opened.coverage.publishable, 'below the default tolerance: no obstacle');

  // Out of range: refused with the field, its range and both languages; nothing saved.
  const zero = await refused(b, 'draft.setTolerances', { tolerances: { ...STRICT, minAreaM2: 0 } });
  assert.equal(zero.code, 'bad_request');
  assert.equal(zero.details?.key, 'tolerance.minAreaM2');
  assert.equal(zero.details?.field, 'minAreaM2');
  assert.equal(zero.details?.min, 0.01);
  assert.equal(zero.details?.max, 1000);
  assert.equal(zero.details?.messageZh, '面积容差（缝隙、重叠、超出上级）须是 0.01 到 1000 平方米之间的数');
  assert.match(zero.message, /area tolerance .* from 0\.01 to 1000 m²/);
  assert.deepEqual(
    zero.issues?.map((i) => i.path),
    ['tolerances.minAreaM2'],
  );
  const two = await refused(b, 'draft.setTolerances', {
    tolerances: { minAreaM2: 1, minWidthM: 99, snapFixM: -1 },
  });
  assert.deepEqual(
    two.issues?.map((i) => i.path),
    ['tolerances.minWidthM', 'tolerances.snapFixM'],
  );
  assert.equal(
    (await refused(b, 'draft.setTolerances', { tolerances: { minAreaM2: 1 } })).code,
    'bad_request',
  );
  const blind = await refused(b, 'settings.set', { key: 'coverage.tolerances', value: { minAreaM2: 0 } });
  assert.equal(blind.code, 'bad_request', 'never written past the checks');
  assert.deepEqual(
    (await call<CoverageResponses['draft.tolerances']>(b, 'draft.tolerances')).tolerances,
    DEFAULT_TOLERANCES,
  );

  // Stricter: the same gap is now an error, and the draft cannot be published.
  const saved = await call<CoverageResponses['draft.setTolerances']>(b, 'draft.setTolerances', {
    tolerances: STRICT,
    actor: ACTOR,
  });
  assert.deepEqual(saved.tolerances, STRICT);
  assert.ok(saved.state.open);
  assert.deepEqual(saved.state.coverage.tolerances, STRICT);
  assert.equal(saved.state.coverage.publishable, false);
  const strictGap = saved.state.coverage.defects.find((d) => d.id === gap.id);
  assert.ok(strictGap && !strictGap.belowTolerance && strictGap.severity === 'error');
  assert.equal(saved.state.coverage.counts.errors, 1);
  assert.equal(saved.state.coverage.counts.belowTolerance, 0);

  const edited = await call<DraftEditResponse>(b, 'draft.edit', {
    op: { op: 'setAttributes', code: cell, attrs: { notes: '缺口待核实' } },
    actor: ACTOR,
  });
  assert.equal(edited.state.coverage.publishable, false, 'an edit is checked under the saved tolerance');
  const no = await refused(b, 'draft.publish', { reason: '调整容差后发布', actor: ACTOR });
  assert.equal(no.code, 'conflict');
  assert.equal(no.details?.reason, 'coverage_errors');
  assert.ok(
    no.issues?.some((i) => i.path === `gap:${gap.id}`),
    JSON.stringify(no.issues),
  );
  await b.close();

  // In the data file: the value, and who changed it from what.
  assert.deepEqual(
    JSON.parse(sqlite(file, "SELECT value FROM app_setting WHERE key = 'coverage.tolerances'")),
    STRICT,
  );
  const audit = sqlite(
    file,
    "SELECT actor_id, before_json, after_json FROM audit_log WHERE action = 'coverage.tolerances'",
  ).split('\t');
  assert.equal(audit[0], ACTOR.id);
  assert.deepEqual(JSON.parse(audit[1]!), DEFAULT_TOLERANCES);
  assert.deepEqual(JSON.parse(audit[2]!), STRICT);

  // After a restart the gate still runs under the saved tolerance.
  b = await open();
  const again = await call<OpenDraftState>(b, 'draft.get');
  assert.deepEqual(again.coverage.tolerances, STRICT);
  assert.equal(again.coverage.publishable, false);
  assert.equal(
    (await refused(b, 'draft.publish', { reason: '重启后再试' })).details?.reason,
    'coverage_errors',
  );

  // The default again: below tolerance, listed, and the draft goes through.
  const loose = await call<CoverageResponses['draft.setTolerances']>(b, 'draft.setTolerances', {
    tolerances: DEFAULT_TOLERANCES,
  });
  assert.ok(loose.state.open && loose.state.coverage.publishable);
  assert.equal(loose.state.coverage.counts.belowTolerance, 1);
  const v = await call<{ version: number }>(b, 'draft.publish', {
    reason: '缺口低于容差，发布',
    actor: ACTOR,
  });
  assert.equal(v.version, 2);
  // With no draft open the tolerances are still the file's.
  const closed = await call<CoverageResponses['draft.setTolerances']>(b, 'draft.setTolerances', {
    tolerances: STRICT,
  });
  assert.deepEqual(closed.state, { open: false });
  const next = await call<OpenDraftState>(b, 'draft.open', {});
  assert.deepEqual(next.coverage.tolerances, STRICT);
  assert.equal(next.coverage.publishable, false, 'the published gap is an error under them');
  await b.close();
});
