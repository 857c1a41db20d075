/** Coverage defects and version differences as map features. */
import type { Feature } from 'geojson';
import { matchAcceptances } from '../../../shared/coverage/acceptance.ts';
import type { Defect } from '../../../shared/coverage/types.ts';
import type { CoverageException } from '../../../shared/api/coverage-contract.ts';
import type { VersionDiff } from '../../../shared/api/drafts-contract.ts';
import type { GridLevel } from '../../../shared/grid/types.ts';

/**
 * Defects above tolerance as map features; an accepted warning is drawn muted, not hidden, unless it
 * has changed materially since it was accepted (then it is drawn as the warning it is).
 */
export function defectFeatures(
  defects: readonly Defect[],
  exceptions: readonly CoverageException[] = [],
): Feature[] {
  const matched = matchAcceptances(defects, exceptions);
  const accepted = new Set([...matched].filter(([, a]) => !a.changed).map(([id]) => id));
  return defects.flatMap((d) =>
    d.geometry && !d.belowTolerance
      ? [
          {
            type: 'Feature',
            properties: {
              id: d.id,
              severity: d.severity === 'warning' && accepted.has(d.id) ? 'accepted' : d.severity,
              rule: d.rule,
            },
            geometry: d.geometry,
          },
        ]
      : [],
  );
}

export function focusFeatures(d: Defect | null): Feature[] {
  if (!d) return [];
  const out: Feature[] = [];
  if (d.geometry) out.push({ type: 'Feature', properties: {}, geometry: d.geometry });
  if (d.location)
    out.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: d.location } });
  return out;
}

export function diffFeatures(diff: VersionDiff | null): Feature[] {
  if (!diff) return [];
  const f = (
    change: string,
    u: { level: GridLevel },
    code: string,
    geometry: Feature['geometry'],
  ): Feature => ({
    type: 'Feature',
    // Only cells are filled: a reshaped community or town would tint everything around the change.
    properties: { change, code, fill: u.level === 'cell' ? 1 : 0 },
    geometry,
  });
  return [
    // The older outline of each reshaped cell, drawn dashed: what changed, not only what it is now.
    ...diff.reshaped
      .flatMap((u) => (u.level === 'cell' ? [f('before', u, u.code, u.before)] : []))
      .map((x): Feature => ({ ...x, properties: { ...x.properties, fill: 0 } })),
    ...diff.removed.map((u) => f('removed', u, u.code, u.geometry)),
    ...diff.added.map((u) => f('added', u, u.code, u.geometry)),
    ...diff.reshaped.map((u) => f('reshaped', u, u.code, u.after)),
    ...diff.recoded.map((u) => f('recoded', u, u.to, u.geometry)),
  ];
}

/** Where a comparison should be looked at: the changed cells, or every change when no cell changed. */
export function diffFocus(features: Feature[]): Feature[] {
  const cells = features.filter((f) => f.properties?.fill === 1);
  return cells.length ? cells : features;
}
