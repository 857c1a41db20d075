/**
 * The coverage check off the UI thread: a full check when a draft opens, when the planner changes a
 * tolerance or before publishing (with progress), then only what each edit touched. Holds its own
 * copy of the draft's units and checks under the data file's tolerances.
 */
import { CoverageChecker, type CoverageResult } from '../../../shared/coverage/index.ts';
import type { CoverageRequest, CoverageReply } from './coverage-messages.ts';

let checker: CoverageChecker | null = null;

const post = (m: CoverageReply): void => (self as unknown as Worker).postMessage(m);
const send = (id: number, kind: 'full' | 'update', result: CoverageResult): void =>
  post({ type: 'result', id, kind, result });

self.onmessage = (e: MessageEvent<CoverageRequest>): void => {
  const m = e.data;
  try {
    if (m.type === 'full') {
      if (m.units) checker = new CoverageChecker(m.units, m.tolerances);
      else if (checker && m.tolerances) checker.setOptions(m.tolerances);
      if (!checker) throw new Error('no units to check');
      const c = checker;
      send(
        m.id,
        'full',
        c.checkAll((done, total) => post({ type: 'progress', id: m.id, done, total })),
      );
    } else {
      if (!checker) return;
      send(m.id, 'update', checker.update({ upsert: m.upsert, remove: m.remove }));
    }
  } catch (err) {
    post({ type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) });
  }
};
