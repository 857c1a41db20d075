/**
 * Compares two stored versions: units added, removed, reshaped (with the change of area), re-coded
 * (a code gone and another come with the very same shape at the same level, as when a cell moves
 * to another community) and changed in attributes only. Hashes decide; geometry is decoded only for
 * what changed, for the map to highlight.
 */
import type {
  DiffAttributes,
  DiffRecoded,
  DiffReshaped,
  DiffUnit,
  VersionDiff,
} from '../../../shared/api/drafts-contract.ts';
import type { GridLevel, GridUnitAttributes } from '../../../shared/grid/types.ts';
import type { VersionStore, VersionUnitRow } from './version-store.ts';

const attrsOf = (r: VersionUnitRow): GridUnitAttributes => JSON.parse(r.attrs_json) as GridUnitAttributes;

function changedFields(a: GridUnitAttributes, b: GridUnitAttributes): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof GridUnitAttributes>;
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

export function diffVersions(versions: VersionStore, a: number, b: number): VersionDiff {
  const before = versions.unitIndex(a);
  const after = versions.unitIndex(b);
  const unit = (r: VersionUnitRow): DiffUnit => ({
    code: r.code,
    name: attrsOf(r).name,
    level: r.level as GridLevel,
    geometry: versions.geometryOf(r.unit_sha),
  });
  const reshaped: DiffReshaped[] = [];
  const attributes: DiffAttributes[] = [];
  const gone: VersionUnitRow[] = [];
  const come: VersionUnitRow[] = [];
  for (const [code, ra] of before) {
    const rb = after.get(code);
    if (!rb) {
      gone.push(ra);
      continue;
    }
    if (ra.unit_sha === rb.unit_sha) continue;
    if (ra.geom_sha !== rb.geom_sha)
      reshaped.push({
        code,
        name: attrsOf(rb).name,
        level: rb.level as GridLevel,
        before: versions.geometryOf(ra.unit_sha),
        after: versions.geometryOf(rb.unit_sha),
        areaBeforeM2: ra.area_m2,
        areaAfterM2: rb.area_m2,
        areaChangeM2: rb.area_m2 - ra.area_m2,
      });
    else
      attributes.push({
        code,
        name: attrsOf(rb).name,
        level: rb.level as GridLevel,
        fields: changedFields(attrsOf(ra), attrsOf(rb)),
      });
  }
  for (const [code, rb] of after) if (!before.has(code)) come.push(rb);

  const recoded: DiffRecoded[] = [];
  const comeByShape = new Map<string, VersionUnitRow[]>();
  for (const r of come) {
    const key = `${r.level}:${r.geom_sha}`;
    comeByShape.set(key, [...(comeByShape.get(key) ?? []), r]);
  }
  const matched = new Set<string>();
  const removed: DiffUnit[] = [];
  for (const r of gone) {
    const twin = comeByShape.get(`${r.level}:${r.geom_sha}`)?.find((c) => !matched.has(c.code));
    if (!twin) {
      removed.push(unit(r));
      continue;
    }
    matched.add(twin.code);
    recoded.push({
      from: r.code,
      to: twin.code,
      name: attrsOf(twin).name,
      level: twin.level as GridLevel,
      geometry: versions.geometryOf(twin.unit_sha),
    });
  }
  const added = come.filter((r) => !matched.has(r.code)).map(unit);
  const byCode = <T extends { code: string }>(x: T[]): T[] => x.sort((p, q) => p.code.localeCompare(q.code));
  return {
    a,
    b,
    added: byCode(added),
    removed: byCode(removed),
    reshaped: byCode(reshaped),
    recoded: recoded.sort((p, q) => p.from.localeCompare(q.from)),
    attributes: byCode(attributes),
  };
}
