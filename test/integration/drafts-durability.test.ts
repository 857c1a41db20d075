/**
 * The draft outlives the process: a restart finds the same edits with undo and redo still working, a
 * SIGKILLed editor loses no acknowledged edit, and malformed or impossible requests change nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  DraftEditResponse,
  DraftState,
  DraftTopology,
  OpenDraftState,
} from '../../shared/api/drafts-contract.ts';
import {
  call,
  draftArcs,
  nanshaCopy,
  openBackend,
  refused,
  sharedCellVertex,
} from '../helpers/draft-fixture.ts';

const EDITOR = fileURLToPath(new URL('../helpers/draft-editor.ts', import.meta.url));
const offset = (i: number): number => ((i % 10) - 5) * 2e-7;

const position = (topo: DraftTopology, v: number): [number, number] | undefined => {
  const hit = topo.vertices.find(([id]) => id === v);
  return hit ? [hit[1], hit[2]] : undefined;
};

test('a draft survives a restart: same edits, undo and redo still work', async () => {
  const file = await nanshaCopy();
  const first = await openBackend(file);
  await call(first, 'draft.open', { actor: { id: 'p2', name: '王规划' } });
  const v = sharedCellVertex(await draftArcs(first));
  await call(first, 'draft.edit', { op: { op: 'moveVertex', vertex: v.vertex, to: v.to } });
  const cells = await call<{ features: { properties: { code: string } }[] }>(first, 'draft.layer', {
    level: 'cell',
  });
  const code = cells.features[3]?.properties.code as string;
  await call(first, 'draft.edit', {
    op: { op: 'setAttributes', code, attrs: { name: '临时名', population: 42 } },
  });
  await call(first, 'draft.edit', { op: { op: 'setAttributes', code, attrs: { chief: '赵六' } } });
  await call(first, 'draft.undo');
  const before = await call<OpenDraftState>(first, 'draft.get');
  await first.close();

  const second = await openBackend(file);
  const after = await call<OpenDraftState>(second, 'draft.get');
  const timeless = (x: OpenDraftState) => ({ ...x, coverage: { ...x.coverage, ms: 0 } });
  assert.deepEqual(timeless(after), timeless(before));
  assert.equal(after.edits, 2);
  assert.ok(after.canRedo);
  assert.deepEqual(after.openedBy, { id: 'p2', name: '王规划' });
  assert.deepEqual(position(await draftArcs(second), v.vertex), v.to);
  const redo = await call<DraftEditResponse>(second, 'draft.redo');
  assert.equal(redo.state.edits, 3);
  await call(second, 'draft.undo');
  await call(second, 'draft.undo');
  const u = await call<DraftEditResponse>(second, 'draft.undo');
  assert.equal(u.state.edits, 0);
  assert.notDeepEqual(position(await draftArcs(second), v.vertex), v.to, 'the move is undone');
  assert.equal((await refused(second, 'draft.undo')).code, 'conflict');
  // Opening again returns the open draft rather than starting over.
  assert.equal((await call<OpenDraftState>(second, 'draft.open')).log.length, 3);
  await second.close();
});

test('a SIGKILLed editor loses no acknowledged edit', async () => {
  const file = await nanshaCopy();
  const prep = await openBackend(file);
  await call(prep, 'draft.open');
  const v = sharedCellVertex(await draftArcs(prep));
  const [lon, lat] = position(await draftArcs(prep), v.vertex) as [number, number];
  await call(prep, 'draft.discard', { confirm: true });
  await prep.close();

  const child = spawn(
    process.execPath,
    ['--import', 'tsx', EDITOR, file, String(v.vertex), String(lon), String(lat)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let acked = 0;
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((res) => child.on('exit', () => res()));
  await new Promise<void>((res, rej) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      for (const line of chunk.split('\n'))
        if (line.startsWith('ack ')) acked = Math.max(acked, Number(line.slice(4)));
      if (acked >= 25) res();
    });
    child.on('exit', () => rej(new Error(`editor exited early: ${stderr}`)));
  });
  child.kill('SIGKILL');
  await exited;

  const b = await openBackend(file);
  const s = await call<DraftState>(b, 'draft.get');
  assert.ok(s.open);
  assert.ok(s.edits >= acked, `${s.edits} edits kept, ${acked} acknowledged`);
  const seqs = s.log.map((e) => e.seq).sort((a, z) => a - z);
  assert.deepEqual(
    seqs,
    Array.from({ length: seqs.length }, (_, i) => i + 1),
    'no hole in the log',
  );
  assert.deepEqual(position(await draftArcs(b), v.vertex), [lon + offset(s.edits - 1), lat]);
  assert.equal(s.coverage.counts.errors, 0);
  await call(b, 'draft.undo');
  await b.close();
});

test('bad requests are refused clearly and change nothing; discard needs confirm', async () => {
  const b = await openBackend(await nanshaCopy());
  assert.equal(
    (await refused(b, 'draft.edit', { op: { op: 'deleteVertex', vertex: 1 } })).details?.reason,
    'no_draft',
  );
  assert.deepEqual(await call(b, 'draft.get'), { open: false });
  await call(b, 'draft.open');
  const unknown = await refused(b, 'draft.edit', {
    op: { op: 'moveVertex', vertex: 99_999_999, to: [113.5, 22.7] },
  });
  assert.equal(unknown.code, 'bad_request');
  assert.equal(unknown.details?.key, 'editor.unknownVertex');
  assert.match(unknown.message, /vertex 99999999 does not exist/);
  const badCode = await refused(b, 'draft.edit', { op: { op: 'deleteCell', code: 'abc' } });
  assert.equal(badCode.code, 'bad_request');
  assert.ok(badCode.issues?.some((i) => i.path === 'op.code'));
  const noUnit = await refused(b, 'draft.edit', { op: { op: 'deleteCell', code: '440115999999999' } });
  assert.equal(noUnit.code, 'bad_request');
  assert.equal(noUnit.details?.key, 'editor.unknownUnit');
  const outOfRange = await refused(b, 'draft.edit', { op: { op: 'moveVertex', vertex: 1, to: [200, 22] } });
  assert.equal(outOfRange.code, 'bad_request');
  assert.equal((await refused(b, 'draft.edit', { op: { op: 'patch', patch: {} } })).code, 'bad_request');
  const attrs = await refused(b, 'draft.edit', {
    op: { op: 'setAttributes', code: '440115001001001', attrs: { population: -3 } },
  });
  assert.equal(attrs.code, 'bad_request');
  assert.equal((await call<OpenDraftState>(b, 'draft.get')).edits, 0, 'nothing was recorded');

  const cells = await call<{ features: { properties: { code: string } }[] }>(b, 'draft.layer', {
    level: 'cell',
  });
  await call(b, 'draft.edit', {
    op: { op: 'setAttributes', code: cells.features[0]?.properties.code, attrs: { population: 7 } },
  });
  assert.equal((await refused(b, 'draft.discard', {})).code, 'bad_request');
  assert.equal((await refused(b, 'draft.discard', { confirm: false })).code, 'bad_request');
  assert.equal((await call<OpenDraftState>(b, 'draft.get')).edits, 1, 'still there');
  assert.deepEqual(await call(b, 'draft.discard', { confirm: true }), { discarded: true, edits: 1 });
  assert.deepEqual(await call(b, 'draft.get'), { open: false });
  assert.deepEqual(await call(b, 'draft.discard', { confirm: true }), { discarded: false, edits: 0 });
  await b.close();
});
