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

/**
 * Which rows of the queue are read: the backend pages them, the queue draws only those in view, and
 * the map shows the same rows' markers. A window of three pages around what is in view moves a
 * page at a time, so scrolling asks for a new one only every hundred rows.
 */
export interface QueueWindow {
  offset: number;
  limit: number;
}

export const QUEUE_PAGE = 100;
export const FIRST_WINDOW: QueueWindow = { offset: 0, limit: 3 * QUEUE_PAGE };

/** The window for rows `first`…`last` in view: a page before them, and the rest after. */
export function windowFor(first: number): QueueWindow {
  return { offset: Math.max(0, (Math.floor(first / QUEUE_PAGE) - 1) * QUEUE_PAGE), limit: 3 * QUEUE_PAGE };
}

export function listRequest(f: QueueFilters, w: QueueWindow = FIRST_WINDOW): RequestOf<'cases.list'> {
  return {
    ...(f.town ? { town: f.town } : {}),
    ...(f.status === 'open' ? { status: OPEN_STATUSES } : f.status === 'all' ? {} : { status: [f.status] }),
    ...(f.level ? { level: f.level } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.source === 'all' ? {} : { simulated: f.source === 'simulated' }),
    ...(f.flag ? { flag: f.flag } : {}),
    offset: w.offset,
    limit: w.limit,
  };
}
