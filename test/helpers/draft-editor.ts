/**
 * Child process for the draft durability test: `node --import tsx draft-editor.ts FILE VERTEX LON LAT`.
 * Opens the draft and moves the vertex again and again by a few centimetres, printing `ack SEQ`
 * only after the backend answered the edit (so after it is durable), until it is killed.
 */
import type { DraftEditResponse } from '../../shared/api/drafts-contract.ts';
import { call, openBackend } from './draft-fixture.ts';

const [file, vertex, lon, lat] = process.argv.slice(2);
if (!file || !vertex || !lon || !lat) throw new Error('usage: draft-editor.ts FILE VERTEX LON LAT');

const offset = (i: number): number => ((i % 10) - 5) * 2e-7;

const b = await openBackend(file);
await call(b, 'draft.open');
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const r = await call<DraftEditResponse>(b, 'draft.edit', {
    op: { op: 'moveVertex', vertex: Number(vertex), to: [Number(lon) + offset(i), Number(lat)] },
  });
  process.stdout.write(`ack ${r.seq}\n`);
}
