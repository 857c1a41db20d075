/** The queue's filters and how they become a cases.list request. */
import type { CaseChannel } from '../../../shared/api/cases-contract.ts';
import type { RequestOf } from '../../../shared/api/contract.ts';
import { CASE_STATUSES, type CaseStatus, type ItemLevel } from '../../../shared/cases/types.ts';

export type StatusFilter = CaseStatus | 'open' | 'all';

export interface QueueFilters {
  town: string;
  status: StatusFilter;
  level: ItemLevel | '';
  category: string;
  channel: CaseChannel | '';
  source: 'all' | 'real' | 'simulated';
  /** Cases waiting for the operator: outside the district, or flagged as possible duplicates. */
  flag: '' | 'toLocate' | 'duplicate';
}

export const NO_FILTERS: QueueFilters = {
  town: '',
  status: 'open',
  level: '',
  category: '',
  channel: '',
  source: 'all',
  flag: '',
};

const CLOSED: readonly CaseStatus[] = ['voided', 'closed', 'archived'];
export const OPEN_STATUSES: CaseStatus[] = CASE_STATUSES.filter((s) => !CLOSED.includes(s));

/** The queue shows at most this many rows; the counts still cover every case. */
export const QUEUE_LIMIT = 500;

export function listRequest(f: QueueFilters): RequestOf<'cases.list'> {
  return {
    ...(f.town ? { town: f.town } : {}),
    ...(f.status === 'open' ? { status: OPEN_STATUSES } : f.status === 'all' ? {} : { status: [f.status] }),
    ...(f.level ? { level: f.level } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.source === 'all' ? {} : { simulated: f.source === 'simulated' }),
    ...(f.flag ? { flag: f.flag } : {}),
    limit: QUEUE_LIMIT,
  };
}
