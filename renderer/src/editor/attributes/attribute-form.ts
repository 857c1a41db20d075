/**
 * The attributes form as text fields, and the edits it amounts to: an attribute change and/or a new
 * code, checked with the same rules the draft applies, so a bad value is explained before it is sent.
 */
import { attributeProblem, codeProblem, type AttributePatch } from '../../../../shared/editor/attributes.ts';
import type { EditError, EditOp } from '../../../../shared/editor/types.ts';
import type { CellKind, DedicatedSubtype, GridUnitAttributes } from '../../../../shared/grid/types.ts';

export interface AttributeForm {
  code: string;
  name: string;
  kind: '' | CellKind;
  subtype: '' | DedicatedSubtype;
  chief: string;
  population: string;
  staffFullTime: string;
  staffPartTime: string;
  staffVolunteer: string;
  namesFullTime: string;
  namesPartTime: string;
  namesVolunteer: string;
  notes: string;
}

const lines = (names: readonly string[] | undefined): string => (names ?? []).join('\n');
const names = (text: string): string[] =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
/** A count as typed: whole digits only; anything else fails the count rule with its message. */
const count = (text: string): number => (/^\s*\d+\s*$/.test(text) ? Number(text) : NaN);

export function formOf(a: GridUnitAttributes): AttributeForm {
  return {
    code: a.code,
    name: a.name,
    kind: a.kind ?? '',
    subtype: a.subtype ?? '',
    chief: a.chief ?? '',
    population: String(a.population),
    staffFullTime: String(a.staffFullTime),
    staffPartTime: String(a.staffPartTime),
    staffVolunteer: String(a.staffVolunteer),
    namesFullTime: lines(a.workerNames?.fullTime),
    namesPartTime: lines(a.workerNames?.partTime),
    namesVolunteer: lines(a.workerNames?.volunteer),
    notes: a.notes ?? '',
  };
}

export type FormEdits =
  { ok: true; ops: Exclude<EditOp, { op: 'patch' }>[] } | { ok: false; error: EditError };

/** What saving the form would do to the unit, or the first problem with it. */
export function editsOf(
  current: GridUnitAttributes,
  form: AttributeForm,
  taken: (code: string) => boolean,
): FormEdits {
  const before = formOf(current);
  const patch: AttributePatch = {};
  if (form.name !== before.name) patch.name = form.name.trim();
  if (form.kind !== before.kind || form.subtype !== before.subtype) {
    patch.kind = form.kind || null;
    patch.subtype = form.kind === 'dedicated' ? form.subtype || null : null;
  }
  if (form.chief !== before.chief) patch.chief = form.chief.trim() || null;
  for (const f of ['population', 'staffFullTime', 'staffPartTime', 'staffVolunteer'] as const)
    if (form[f] !== before[f]) patch[f] = count(form[f]);
  if (
    form.namesFullTime !== before.namesFullTime ||
    form.namesPartTime !== before.namesPartTime ||
    form.namesVolunteer !== before.namesVolunteer
  )
    patch.workerNames = {
      fullTime: names(form.namesFullTime),
      partTime: names(form.namesPartTime),
      volunteer: names(form.namesVolunteer),
    };
  if (form.notes !== before.notes) patch.notes = form.notes;
  const ops: Exclude<EditOp, { op: 'patch' }>[] = [];
  if (Object.keys(patch).length) {
    const problem = attributeProblem(current, patch);
    if (problem) return { ok: false, error: problem };
    ops.push({ op: 'setAttributes', code: current.code, attrs: patch });
  }
  const code = form.code.trim();
  if (code !== current.code) {
    const problem = codeProblem(code, current.level, current.parentCode, taken);
    if (problem) return { ok: false, error: problem };
    ops.push({ op: 'setCode', code: current.code, to: code });
  }
  return { ok: true, ops };
}
