/**
 * The coverage check's actions on the open draft: the fixes a defect offers, a fix applied as one
 * edit through the same log and undo history as every other edit, warnings accepted as exceptions
 * (or taken back), and the data file's tolerances, each written durably before it is answered.
 */
import type { ParsedRequestOf } from '../../../shared/api/contract.ts';
import type { CoverageException, FixChoice } from '../../../shared/api/coverage-contract.ts';
import type {
  ActorRef,
  DraftEditResponse,
  DraftState,
  OpenDraftState,
} from '../../../shared/api/drafts-contract.ts';
import {
  fixKinds,
  formatMessage,
  matchAcceptances,
  planFix,
  sameTolerances,
  validateTolerances,
  warningKey,
  type CoverageTolerances,
  type Defect,
  type ToleranceProblem,
  type FixKind,
  type FixOutcome,
  type FixRefusal,
} from '../../../shared/coverage/index.ts';
import type { EditOp } from '../../../shared/editor/index.ts';
import type { GridUnit } from '../../../shared/grid/types.ts';
import { ApiError } from '../api-error.ts';
import { auditOp } from '../cases/audit.ts';
import type { Store, WriteOp } from '../store/store.ts';
import type { DraftSession } from './draft-session.ts';
import { acceptOps, readExceptions, withdrawOps } from './exceptions.ts';
import { readTolerances, saveTolerancesOps } from './tolerance-store.ts';

export interface CoverageActionsContext {
  needDraft(): DraftSession;
  /** The open draft, or null when none is. */
  draft(): DraftSession | null;
  needStore(): { store: Store };
  write(ops: WriteOp[]): Promise<void>;
  state(s: DraftSession): OpenDraftState;
  /** The drafts module's edit path: applies, logs durably, answers like draft.edit. */
  edit(op: EditOp, actor: ActorRef): Promise<DraftEditResponse>;
  actorOf(a: { id: string; name: string } | undefined): ActorRef;
  now(): number;
}

/** The parent and siblings a defect is about: all a fix of the group itself reads. */
function groupUnits(s: DraftSession, d: Defect): GridUnit[] {
  const t = s.topology;
  const codes = [...(t.childrenOf.get(d.parentCode ?? '') ?? [])];
  if (d.parentCode && t.units.has(d.parentCode)) codes.push(d.parentCode);
  return codes.map((c) => t.gridUnit(c));
}

function descendantUnits(s: DraftSession, codes: readonly string[]): GridUnit[] {
  const t = s.topology;
  const out: GridUnit[] = [];
  const queue = [...codes];
  while (queue.length) {
    for (const kid of t.childrenOf.get(queue.pop() as string) ?? []) {
      out.push(t.gridUnit(kid));
      queue.push(kid);
    }
  }
  return out;
}

/**
 * A fix planned on the group first (cheap: it names the units that could take it), then again with
 * those units' descendants, so a town's fix reaches its communities and cells in the same edit.
 */
function planWithDescendants(s: DraftSession, d: Defect, kind: FixKind, choice?: string): FixOutcome {
  const group = groupUnits(s, d);
  const first = planFix(d, group, kind, choice, s.tolerances);
  if (!first.ok || kind === 'snap') return first;
  const sides = kind === 'gap' ? [first.plan.target ?? ''] : first.plan.options.map((o) => o.code);
  const below = descendantUnits(s, sides);
  return below.length ? planFix(d, [...group, ...below], kind, choice, s.tolerances) : first;
}

function refusalParams(
  out: { reason: FixRefusal; code?: string },
  choice: string | undefined,
  tolerances: CoverageTolerances,
): Record<string, string | number> {
  if (out.reason === 'fix.tooFar') return { max: tolerances.snapFixM };
  if (out.reason === 'fix.badChoice') return { code: choice ?? '' };
  if (out.reason === 'fix.emptyResult' || out.reason === 'fix.childEmpty')
    return { code: out.code ?? choice ?? '' };
  return {};
}

function fixRefusal(
  reason: FixRefusal | 'fix.notWarning',
  params: Record<string, string | number> = {},
): ApiError {
  return new ApiError('conflict', formatMessage(reason, params, 'en'), {
    reason,
    key: reason,
    messageZh: formatMessage(reason, params, 'zh-CN'),
    ...params,
  });
}

/** Tolerances out of range are refused field by field, in Chinese and English; nothing is saved. */
function checkedTolerances(input: unknown): CoverageTolerances {
  const v = validateTolerances(input);
  if (v.ok) return v.tolerances;
  const first = v.problems[0] as ToleranceProblem;
  const say = (locale: 'en' | 'zh-CN'): string[] =>
    v.problems.map((p) => formatMessage(p.key, p.params, locale));
  throw new ApiError(
    'bad_request',
    say('en').join('; '),
    { key: first.key, field: first.field, messageZh: say('zh-CN').join('；'), ...first.params },
    v.problems.map((p) => ({ path: `tolerances.${p.field}`, message: formatMessage(p.key, p.params, 'en') })),
  );
}

export function createCoverageActions(ctx: CoverageActionsContext) {
  let cached: CoverageException[] | null = null;
  const exceptions = (): CoverageException[] => (cached ??= readExceptions(ctx.needStore().store));
  let tolerances: CoverageTolerances | null = null;
  /** The data file's tolerances (the defaults until a planner saves some). */
  const savedTolerances = (): CoverageTolerances => (tolerances ??= readTolerances(ctx.needStore().store));

  /** The acceptance the current finding `id` falls under, matched as the panel matches it. */
  const acceptanceOf = (s: DraftSession, id: string): CoverageException | undefined =>
    matchAcceptances(s.coverage.defects, exceptions()).get(id)?.exception;

  const defectOf = (s: DraftSession, id: string): Defect => {
    const d = s.coverage.defects.find((x) => x.id === id);
    if (!d) throw fixRefusal('fix.notFound');
    return d;
  };

  return {
    exceptions,
    tolerances: savedTolerances,
    handlers: {
      'draft.tolerances': () => ({ tolerances: savedTolerances() }),
      'draft.setTolerances': async (
        p: ParsedRequestOf<'draft.setTolerances'>,
      ): Promise<{ tolerances: CoverageTolerances; state: DraftState }> => {
        const next = checkedTolerances(p.tolerances);
        const before = savedTolerances();
        const s = ctx.draft();
        if (!sameTolerances(before, next)) {
          await ctx.write(saveTolerancesOps(before, next, ctx.actorOf(p.actor), ctx.now()));
          tolerances = next;
        }
        if (s && !sameTolerances(s.tolerances, next)) s.retune(next);
        return { tolerances: next, state: s ? ctx.state(s) : { open: false } };
      },
      'draft.fixOptions': (p: ParsedRequestOf<'draft.fixOptions'>) => {
        const s = ctx.needDraft();
        const d = defectOf(s, p.defectId);
        const units = groupUnits(s, d);
        const names = new Map(units.map((u) => [u.code, u.name]));
        const fixes: FixChoice[] = fixKinds(d).map((kind) => {
          const out = planWithDescendants(s, d, kind);
          if (!out.ok) return { kind, target: null, options: [], refusal: out.reason };
          return {
            kind,
            target: out.plan.target,
            options: out.plan.options.map((o) => ({ ...o, name: names.get(o.code) ?? o.code })),
            refusal: null,
          };
        });
        return { defectId: d.id, fixes };
      },
      'draft.fix': async (p: ParsedRequestOf<'draft.fix'>): Promise<DraftEditResponse> => {
        const s = ctx.needDraft();
        const d = defectOf(s, p.defectId);
        const out = planWithDescendants(s, d, p.kind, p.choice);
        if (!out.ok) throw fixRefusal(out.reason, refusalParams(out, p.choice, s.tolerances));
        const { plan } = out;
        const op: EditOp = {
          op: 'fixCoverage',
          kind: plan.kind,
          defectId: plan.defectId,
          target: plan.target,
          reshape: plan.reshape,
          moves: plan.moves,
        };
        return ctx.edit(op, ctx.actorOf(p.actor));
      },
      'draft.acceptDefect': async (p: ParsedRequestOf<'draft.acceptDefect'>): Promise<OpenDraftState> => {
        const s = ctx.needDraft();
        const d = defectOf(s, p.defectId);
        if (d.severity !== 'warning' || d.belowTolerance) throw fixRefusal('fix.notWarning');
        const by = ctx.actorOf(p.actor);
        // Accepting a warning already accepted (it changed since) replaces that record.
        const before = acceptanceOf(s, d.id);
        const e: CoverageException = {
          defectId: d.id,
          key: warningKey(d),
          areaM2: d.areaM2,
          location: d.location,
          rule: d.rule,
          codes: d.codes,
          reason: p.reason,
          by,
          at: ctx.now(),
        };
        await ctx.write([
          ...(before && before.defectId !== d.id ? withdrawOps(before.defectId) : []),
          ...acceptOps(e),
          auditOp(
            by,
            e.at,
            'coverage.accept',
            'coverage_exception',
            d.id,
            before ? { reason: before.reason, areaM2: before.areaM2 } : null,
            { reason: p.reason, areaM2: d.areaM2 },
          ),
        ]);
        cached = [...exceptions().filter((x) => x !== before && x.defectId !== d.id), e];
        return ctx.state(s);
      },
      'draft.withdrawAcceptance': async (
        p: ParsedRequestOf<'draft.withdrawAcceptance'>,
      ): Promise<OpenDraftState> => {
        const s = ctx.needDraft();
        const had = acceptanceOf(s, p.defectId) ?? exceptions().find((x) => x.defectId === p.defectId);
        if (had) {
          const by = ctx.actorOf(p.actor);
          await ctx.write([
            ...withdrawOps(had.defectId),
            auditOp(
              by,
              ctx.now(),
              'coverage.withdraw',
              'coverage_exception',
              had.defectId,
              { reason: had.reason },
              null,
            ),
          ]);
          cached = exceptions().filter((x) => x !== had);
        }
        return ctx.state(s);
      },
    },
  };
}
