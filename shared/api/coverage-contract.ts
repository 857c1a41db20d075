/**
 * The coverage-check part of the drafts contract: one-click fixes of a defect in the open draft,
 * warnings accepted as exceptions (with a reason, who and when) and the planner's tolerances for the
 * data file. Spread into the drafts contract.
 */
import { z } from 'zod';
import type { FixKind, FixOption, FixRefusal } from '../coverage/fixes.ts';
import type { AcceptedWarning } from '../coverage/acceptance.ts';
import type { CoverageTolerances } from '../coverage/tolerances.ts';
import type { RuleId } from '../coverage/types.ts';
import { actorSchema } from './cases-contract.ts';
import type { ActorRef, DraftEditResponse, DraftState, OpenDraftState } from './drafts-contract.ts';

const gridCode = z.string().regex(/^\d{6,15}$/, 'code must be 6 to 15 digits');
const defectId = z.string().min(1).max(2000);
const fixKind = z.enum(['gap', 'overlap', 'snap']);

export const coverageRequestSchemas = {
  /** What fixes a defect offers, each with its default and the units the planner may choose. */
  'draft.fixOptions': z.object({ defectId }).strict(),
  /** Applies one fix as one undoable edit; `choice` overrides the default unit. */
  'draft.fix': z
    .object({ defectId, kind: fixKind, choice: gridCode.optional(), actor: actorSchema.optional() })
    .strict(),
  'draft.acceptDefect': z
    .object({
      defectId,
      reason: z.string().trim().min(2, 'a reason of at least 2 characters is required').max(500),
      actor: actorSchema.optional(),
    })
    .strict(),
  'draft.withdrawAcceptance': z.object({ defectId, actor: actorSchema.optional() }).strict(),
  /** The data file's coverage tolerances: the ranges are checked by the backend, each with its message. */
  'draft.tolerances': z.object({}).strict(),
  'draft.setTolerances': z
    .object({
      tolerances: z.object({ minAreaM2: z.number(), minWidthM: z.number(), snapFixM: z.number() }).strict(),
      actor: actorSchema.optional(),
    })
    .strict(),
} as const;

/**
 * A warning the planners decided to keep: listed as accepted, never hidden. It is matched to the
 * current findings by `key` (what the warning is about), not by the defect id it had then, and
 * flagged when the warning has changed materially since (see shared/coverage/acceptance.ts).
 */
export interface CoverageException extends AcceptedWarning {
  rule: RuleId;
  codes: string[];
  reason: string;
  by: ActorRef;
  at: number;
}

export interface FixChoice {
  kind: FixKind;
  /** The unit the fix reshapes unless the planner picks another; null when the fix is not possible. */
  target: string | null;
  options: (FixOption & { name: string })[];
  /** Why this fix cannot be made here (a message key of the coverage messages). */
  refusal: FixRefusal | null;
}

export interface CoverageResponses {
  'draft.fixOptions': { defectId: string; fixes: FixChoice[] };
  'draft.fix': DraftEditResponse;
  'draft.acceptDefect': OpenDraftState;
  'draft.withdrawAcceptance': OpenDraftState;
  'draft.tolerances': { tolerances: CoverageTolerances };
  /** The saved tolerances, and the draft re-checked in full under them when one is open. */
  'draft.setTolerances': { tolerances: CoverageTolerances; state: DraftState };
}
