/**
 * Turns converted features into grid units of the chosen level: attributes by the field mapping,
 * the parent by the mapped parent code, else the code's prefix, else the parent-level unit that
 * contains the feature; codes by the mapped code, else the next free serial under the parent.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { pointOnFeature } from '@turf/point-on-feature';
import type { MultiPolygon, Polygon } from 'geojson';
import { allocateCode } from '../editor/codes.ts';
import type { Topology } from '../editor/topology.ts';
import { EditRefusal } from '../editor/types.ts';
import type { GridLevel, GridUnit } from '../grid/types.ts';
import { TransferError } from './errors.ts';
import { codeOf, kindOf, populationOf, textOf, type FieldMapping } from './mapping.ts';
import type { SourceFeature } from './source.ts';

export const CODE_LENGTH: Record<GridLevel, number | null> = {
  city: null,
  district: 6,
  town: 9,
  community: 12,
  cell: 15,
};
export const PARENT_LEVEL: Record<GridLevel, GridLevel | null> = {
  city: null,
  district: 'city',
  town: 'district',
  community: 'town',
  cell: 'community',
};

interface ParentIndex {
  find(g: Polygon | MultiPolygon): string | null;
}

interface Parent {
  code: string;
  bbox: [number, number, number, number];
  geometry: Polygon | MultiPolygon;
}

function parentsAt(t: Topology, level: GridLevel | null): Parent[] {
  const out: Parent[] = [];
  if (!level) return out;
  for (const [code, u] of t.units) {
    if (u.attrs.level !== level) continue;
    const g = t.geometry(u);
    const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
      for (const p of poly[0] ?? []) {
        b[0] = Math.min(b[0], p[0] as number);
        b[1] = Math.min(b[1], p[1] as number);
        b[2] = Math.max(b[2], p[0] as number);
        b[3] = Math.max(b[3], p[1] as number);
      }
    out.push({ code, bbox: b, geometry: g });
  }
  return out;
}

/** Built on first use: files that carry parent codes never pay for the parents' geometry. */
function parentIndex(t: Topology, level: GridLevel | null): ParentIndex {
  let parents: Parent[] | null = null;
  return {
    find(g) {
      parents ??= parentsAt(t, level);
      if (!parents.length) return null;
      const pt = pointOnFeature(g).geometry.coordinates as [number, number];
      for (const p of parents) {
        if (pt[0] < p.bbox[0] || pt[0] > p.bbox[2] || pt[1] < p.bbox[1] || pt[1] > p.bbox[3]) continue;
        if (booleanPointInPolygon(pt, p.geometry)) return p.code;
      }
      return null;
    },
  };
}

/**
 * Units for the features, in file order. `onProgress` may return a promise (to let a cancel in).
 * Throws TransferError for codes the draft cannot take (duplicates in the file, a code used at
 * another level).
 */
export async function importUnits(
  t: Topology,
  features: readonly SourceFeature[],
  mapping: FieldMapping,
  level: GridLevel,
  onProgress?: (done: number) => void | Promise<void>,
): Promise<GridUnit[]> {
  const parentLevel = PARENT_LEVEL[level];
  const index = parentIndex(t, parentLevel);
  const width = CODE_LENGTH[level];
  const parentWidth = parentLevel ? CODE_LENGTH[parentLevel] : null;
  const seen = new Set<string>();
  const pending: { i: number; unit: GridUnit }[] = [];
  const units: GridUnit[] = [];
  const get = (f: SourceFeature, k: keyof FieldMapping) => {
    const field = mapping[k];
    return field ? f.props[field] : undefined;
  };
  for (let i = 0; i < features.length; i++) {
    if (onProgress && i % 1000 === 0 && i > 0) await onProgress(i);
    const f = features[i] as SourceFeature;
    let code = codeOf(get(f, 'code'));
    if (code && width && code.length !== width) code = null;
    let parent = codeOf(get(f, 'parentCode'));
    if (!parent && code && parentWidth && code.length > parentWidth) {
      const prefix = code.slice(0, parentWidth);
      if (t.units.get(prefix)?.attrs.level === parentLevel) parent = prefix;
    }
    parent ??= index.find(f.geometry);
    if (code) {
      if (seen.has(code))
        throw new TransferError('duplicateCode', `Code ${code} appears twice in the file`, {
          code,
          feature: i + 1,
        });
      const there = t.units.get(code);
      if (there && there.attrs.level !== level)
        throw new TransferError(
          'duplicateCode',
          `Code ${code} is already a ${there.attrs.level} in the draft`,
          {
            code,
            feature: i + 1,
          },
        );
      seen.add(code);
    }
    const existing = code ? t.units.get(code)?.attrs : undefined;
    const name = textOf(get(f, 'name')) ?? existing?.name ?? code ?? `#${i + 1}`;
    const unit: GridUnit = {
      code: code ?? '',
      name: name.slice(0, 64),
      level,
      parentCode: parent,
      kind: kindOf(get(f, 'kind')) ?? existing?.kind ?? (level === 'cell' ? 'comprehensive' : null),
      subtype: existing?.subtype ?? null,
      population: mapping.population ? populationOf(get(f, 'population')) : (existing?.population ?? 0),
      chief: existing?.chief ?? null,
      staffFullTime: existing?.staffFullTime ?? 0,
      staffPartTime: existing?.staffPartTime ?? 0,
      staffVolunteer: existing?.staffVolunteer ?? 0,
      geometry: f.geometry,
    };
    units.push(unit);
    if (!code) pending.push({ i, unit });
  }
  // Codes handed out after the file's own codes are known, so a serial never collides with one.
  for (const { i, unit } of pending) {
    try {
      unit.code = allocateCode(t, unit.parentCode, level, seen);
    } catch (e) {
      if (!(e instanceof EditRefusal)) throw e;
      throw new TransferError(
        'badCode',
        `Feature ${i + 1} has no usable code and no parent ${parentLevel ?? ''} to number it under`,
        { feature: i + 1, level },
      );
    }
    seen.add(unit.code);
  }
  return units;
}
