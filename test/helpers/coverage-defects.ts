import { writeFileSync } from 'node:fs';
import type { Polygon, Position } from 'geojson';
import type { CoverageUnit } from '../../shared/coverage/index.ts';
import { lattice } from './coverage-lattice.ts';

/**
 * Communities and cells of a small lattice with three defects put in by hand: a shared vertex pulled
 * in (a gap and nothing else), one pushed across (an overlap), a border cell pushed out of its
 * community (outside the parent, and an overlap with the next community's cell).
 */
export function defectLattice(): { parents: CoverageUnit[]; cells: CoverageUnit[] } {
  const units = lattice({ cellsX: 12, cellsY: 9, community: [4, 3], town: [3, 3] });
  const shift = (code: string, vertex: number, dx: number, dy: number): void => {
    const u = units.find((x) => x.code === code);
    if (!u) throw new Error(`no ${code}`);
    const r = (u.geometry as Polygon).coordinates[0] as Position[];
    const moved = r.map((p, k) =>
      k === vertex || (vertex === 0 && k === r.length - 1)
        ? [(p[0] as number) + dx, (p[1] as number) + dy]
        : p,
    );
    u.geometry = { type: 'Polygon', coordinates: [moved] };
  };
  shift('440115001001006', 2, -0.0004, 0);
  shift('440115001002006', 2, 0.0004, 0);
  shift('440115001002004', 2, 0.0006, 0);
  return {
    parents: units.filter((u) => u.level === 'community'),
    cells: units.filter((u) => u.level === 'cell'),
  };
}

export function writeGeoJSON(file: string, units: CoverageUnit[], parentField = 'community'): void {
  const features = units.map((u) => ({
    type: 'Feature',
    properties: { code: u.code, [parentField]: u.parentCode },
    geometry: u.geometry,
  }));
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
}
