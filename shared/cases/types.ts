/**
 * The case as the lifecycle sees it: status, item type, responsible department, clock, escalations
 * and supervisions. Location, channel, reporter and text live beside it in the case record; the
 * state machine needs none of them.
 */
import type { TimeLimit, WorkClock } from '../calendar/clock.ts';

export const CASE_STATUSES = [
  'reported',
  'registered',
  'voided',
  'dispatched',
  'handling',
  'feedback',
  'verifying',
  'closed',
  'archived',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export type ItemLevel = 'A' | 'B' | 'C';

/** What the lifecycle needs of an item type, copied into the case so later catalogue edits do not move it. */
export interface CaseItem {
  code: string;
  level: ItemLevel;
  timeLimit: TimeLimit;
}

export interface Actor {
  id: string;
  name: string;
  /** e.g. operator, department, verifier, district; informational here (permissions are the host's job). */
  role?: string;
}

/** A file stored in the data folder and referenced by the case. */
export interface AttachmentRef {
  id: string;
  name: string;
  mediaType: string;
}

/** The clock of the department that currently holds the case. */
export interface CaseClock extends WorkClock {
  department: string;
}

export interface WhistleCall {
  /** 1-based, in order of whistling. */
  seq: number;
  at: number;
  by: string;
  reason: string;
  /** District departments called, each with its 报到 once it answers. */
  calls: { department: string; reportedAt: number | null; reportedBy: string | null; note: string | null }[];
}

export interface Supervision {
  at: number;
  by: string;
  department: string;
  reason: string;
  /** Whether the department was already past its due time when supervised. */
  overdue: boolean;
}

export interface CaseState {
  id: string;
  status: CaseStatus;
  item: CaseItem | null;
  /** The department the case is with (after dispatch). */
  department: string | null;
  clock: CaseClock | null;
  /** Clocks of departments the case was transferred away from, oldest first. */
  previousClocks: CaseClock[];
  reportedAt: number;
  /** First dispatch; stays when the case is transferred or reworked. */
  dispatchedAt: number | null;
  closedAt: number | null;
  voidReason: string | null;
  reworkCount: number;
  transferCount: number;
  whistles: WhistleCall[];
  supervisions: Supervision[];
  /** Time of the last action; actions may not go back before it. */
  updatedAt: number;
  /** Closed as a duplicate of this case (absent on cases stored before merging existed). */
  mergedInto?: string | null;
}

interface ActionBase {
  /** Free text shown in the timeline. */
  note?: string;
  attachments?: readonly AttachmentRef[];
}

export type CaseAction = ActionBase &
  (
    | { type: 'register'; item?: CaseItem }
    | { type: 'void'; reason: string }
    | { type: 'dispatch'; department: string }
    | { type: 'startHandling' }
    | { type: 'feedback'; result: string }
    | { type: 'startVerification' }
    | { type: 'close' }
    | { type: 'sendBack'; reason: string; to?: 'handling' | 'dispatched' }
    | { type: 'transfer'; department: string; reason: string }
    | { type: 'whistle'; departments: readonly string[]; reason: string }
    | { type: 'reportIn'; department: string }
    | { type: 'supervise'; reason: string; department?: string }
    | { type: 'archive' }
    /** Closes this case as a duplicate of `into`, the case that goes on being handled. */
    | { type: 'merge'; into: string }
  );
export type CaseActionType = CaseAction['type'];
/**
 * Steps of the timeline that are not lifecycle transitions: the report, a manual location, a
 * dismissed duplicate flag, and the original's note that a duplicate was merged into it.
 */
export type HistoryAction = CaseActionType | 'report' | 'locate' | 'dismissDuplicate' | 'absorbDuplicate';
export type ActionOf<T extends CaseActionType> = Extract<CaseAction, { type: T }>;

/** One step of the case's timeline and of the audit log: who, when, why, and what changed. */
export interface HistoryEntry {
  caseId: string;
  action: HistoryAction;
  actor: Actor;
  at: number;
  /** The reason given (void, send back, transfer, whistle, supervise) or the feedback result. */
  reason: string | null;
  note: string | null;
  attachments: AttachmentRef[];
  /** The fields that changed, as they were and as they are. */
  before: Partial<CaseState>;
  after: Partial<CaseState>;
}
