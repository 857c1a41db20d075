import type { CaseStatus } from '../../../shared/cases/types.ts';

/** Marker colour per status: new work cyan-white, with departments blue, waiting on the center violet, done grey. */
export const STATUS_COLOR: Record<CaseStatus, string> = {
  reported: '#f4fbff',
  registered: '#22d3ee',
  dispatched: '#3b82f6',
  handling: '#818cf8',
  feedback: '#c084fc',
  verifying: '#e879f9',
  closed: '#34d399',
  archived: '#64748b',
  voided: '#475569',
};

export const OVERDUE_COLOR = '#f87171';
export const AMBER_COLOR = '#fbbf24';
