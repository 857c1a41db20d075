import type { Polygon, Position } from 'geojson';
import { area } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { kinks } from '@turf/kinks';
import type { GridDataset, GridUnit } from '../grid/types.ts';
import { generateNansha, type GenerateOptions } from './generate-grid.ts';
import { roundDeg } from './plane.ts';
import { Rng } from './random.ts';

/** A defect planted on purpose in the demo data, with where and how big it is, for checking a checker. */
export interface InjectedDefect {
  id: string;
  rule: 'gap' | 'overlap' | 'containment' | 'validity' | 'codes';
  /** For gap / overlap / containment the parent comes first, then the cells involved. */
  codes: string[];
  widthM?: number;
  /** Approximate, on the sphere (turf.area). */
  areaM2?: number;
  location: [number, number];
  description: string;
}

export interface DefectFixture {
  dataset: GridDataset;
  defects: InjectedDefect[];
}

/** Widths (m) of the gaps and overlaps between sibling cells: from sub-tolerance to obvious. */
export const DEFECT_WIDTHS_M = [0.05, 0.5, 2, 20];
const CONTAINMENT_WIDTH_M = 30;
const MIN_EDGE_M = 200;
const M_PER_DEG = (Math.PI / 180) * 6371008.8;

interface SharedEdge {
  a: GridUnit;
  b: GridUnit;
  /** Index of the edge's first vertex in a's exterior ring. */
  index: number;
  lengthM: number;
}

function ring(u: GridUnit): Position[] {
  if (u.geometry.type !== 'Polygon') throw new Error(`demo defects: cell ${u.code} is not a Polygon`);
  return u.geometry.coordinates[0] as Position[];
}

function metres(p: Position, q: Position): [number, number] {
  const lat = (((p[1] as number) + (q[1] as number)) / 2) * (Math.PI / 180);
  return [
    ((q[0] as number) - (p[0] as number)) * M_PER_DEG * Math.cos(lat),
    ((q[1] as number) - (p[1] as number)) * M_PER_DEG,
  ];
}

function offset(p: Position, dxM: number, dyM: number): Position {
  const lat = (p[1] as number) * (Math.PI / 180);
  return [
    roundDeg((p[0] as number) + dxM / (M_PER_DEG * Math.cos(lat))),
    roundDeg((p[1] as number) + dyM / M_PER_DEG),
  ];
}

function sharedEdges(cells: readonly GridUnit[]): SharedEdge[] {
  const key = (p: Position, q: Position): string => `${p[0]},${p[1]};${q[0]},${q[1]}`;
  const owner = new Map<string, { unit: GridUnit; index: number }>();
  for (const u of cells) {
    const r = ring(u);
    for (let i = 0; i + 1 < r.length; i++)
      owner.set(key(r[i] as Position, r[i + 1] as Position), { unit: u, index: i });
  }
  const out: SharedEdge[] = [];
  for (const u of cells) {
    const r = ring(u);
    for (let i = 0; i + 1 < r.length; i++) {
      const other = owner.get(key(r[i + 1] as Position, r[i] as Position));
      if (!other) continue;
      const [dx, dy] = metres(r[i] as Position, r[i + 1] as Position);
      out.push({ a: u, b: other.unit, index: i, lengthM: Math.hypot(dx, dy) });
    }
  }
  return out;
}

/**
 * Replaces edge (p→q) of a's ring with p, p1, p2, q, where p1 and p2 sit 20% and 80% along the edge,
 * pushed `side` metres to the left (into a: a gap) or right (into the neighbour: an overlap).
 * The shared vertices p and q stay, so only the one cell changes.
 */
function bulge(e: SharedEdge, leftM: number): { ring: Position[]; sliver: Position[] } {
  const r = ring(e.a);
  const p = r[e.index] as Position;
  const q = r[e.index + 1] as Position;
  const [dx, dy] = metres(p, q);
  const len = Math.hypot(dx, dy);
  const nx = (-dy / len) * leftM;
  const ny = (dx / len) * leftM;
  const p1 = offset(p, 0.2 * dx + nx, 0.2 * dy + ny);
  const p2 = offset(p, 0.8 * dx + nx, 0.8 * dy + ny);
  const out = [...r.slice(0, e.index + 1), p1, p2, ...r.slice(e.index + 1)];
  return { ring: out, sliver: [p, q, p2, p1, p] };
}

function centre(points: readonly Position[]): [number, number] {
  const n = points.length;
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p[0] as number;
    y += p[1] as number;
  }
  return [roundDeg(x / n), roundDeg(y / n)];
}

const poly = (coords: Position[]): Polygon => ({ type: 'Polygon', coordinates: [coords] });

/**
 * The Nansha demo set with known defects planted: gaps and overlaps of several widths between
 * sibling cells, one cell reaching ~30 m outside its community, one bow-tie ring and one duplicate
 * cell code. Everything else is identical to `generateNansha` with the same seed.
 */
export function generateNanshaWithDefects(csvText: string, options: GenerateOptions = {}): DefectFixture {
  const seed = options.seed ?? 1;
  const clean = generateNansha(csvText, { seed });
  const dataset: GridDataset = { name: '南沙区 (demo, defects)', units: structuredClone(clean.units) };
  const rng = new Rng(seed ^ 0x5eed);
  const cells = dataset.units.filter((u) => u.level === 'cell');
  const edges = rng.shuffle(
    sharedEdges(cells).filter(
      (e) => e.lengthM >= MIN_EDGE_M && e.a.kind === 'comprehensive' && e.b.kind === 'comprehensive',
    ),
  );
  const neighbours = new Map<string, Set<string>>();
  for (const e of sharedEdges(cells)) {
    const s = neighbours.get(e.a.code) ?? new Set<string>();
    s.add(e.b.code);
    neighbours.set(e.a.code, s);
  }
  // Defects keep apart (no shared cell, community or neighbour) so each is found on its own.
  const touched = new Set<string>();
  const usedParents = new Set<string>();
  const free = (u: GridUnit): boolean => !touched.has(u.code) && !usedParents.has(u.parentCode ?? '');
  const take = (...units: GridUnit[]): void => {
    for (const u of units) {
      touched.add(u.code);
      for (const n of neighbours.get(u.code) ?? []) touched.add(n);
      usedParents.add(u.parentCode ?? '');
    }
  };
  const defects: InjectedDefect[] = [];

  const plant = (rule: 'gap' | 'overlap' | 'containment', widthM: number, sibling: boolean): void => {
    for (const e of edges) {
      if ((e.a.parentCode === e.b.parentCode) !== sibling || !free(e.a) || !free(e.b)) continue;
      const inward = rule === 'gap';
      const { ring: r, sliver } = bulge(e, inward ? widthM : -widthM);
      const moved = poly(r);
      if (kinks(moved).features.length) continue;
      const host = inward ? e.a.geometry : e.b.geometry;
      const p1 = sliver[3] as Position;
      const p2 = sliver[2] as Position;
      if (!booleanPointInPolygon(p1, host) || !booleanPointInPolygon(p2, host)) continue;
      e.a.geometry = moved;
      take(e.a, e.b);
      const w = String(widthM);
      const desc =
        rule === 'gap'
          ? `gap of ${w} m between sibling cells ${e.a.code} and ${e.b.code}: ${e.a.code} pulled back from their shared edge`
          : rule === 'overlap'
            ? `overlap of ${w} m between sibling cells ${e.a.code} and ${e.b.code}: ${e.a.code} pushed over their shared edge`
            : `cell ${e.a.code} reaches ${w} m outside its community ${e.a.parentCode ?? ''} (into cell ${e.b.code} of community ${e.b.parentCode ?? ''})`;
      defects.push({
        id: `${rule}-${w}m`,
        rule,
        codes:
          rule === 'containment'
            ? [e.a.parentCode ?? '', e.a.code]
            : [e.a.parentCode ?? '', e.a.code, e.b.code],
        widthM,
        areaM2: area(poly(sliver)),
        location: centre(sliver.slice(0, 4)),
        description: desc,
      });
      return;
    }
    throw new Error(`demo defects: no place found for a ${widthM} m ${rule}`);
  };
  for (const w of DEFECT_WIDTHS_M) {
    plant('gap', w, true);
    plant('overlap', w, true);
  }
  plant('containment', CONTAINMENT_WIDTH_M, false);

  // Bow-tie: swap the two ends of one short edge, so the edges either side of it cross.
  const bowtie = rng.shuffle(cells.filter((u) => u.kind === 'comprehensive' && free(u)));
  let twisted = false;
  for (const u of bowtie) {
    const r = ring(u);
    for (let i = 1; i + 2 < r.length - 1 && !twisted; i++) {
      const [dx, dy] = metres(r[i] as Position, r[i + 1] as Position);
      const len = Math.hypot(dx, dy);
      if (len < 40 || len > 150) continue;
      const swapped = [...r];
      swapped[i] = r[i + 1] as Position;
      swapped[i + 1] = r[i] as Position;
      if (!kinks(poly(swapped)).features.length) continue;
      u.geometry = poly(swapped);
      take(u);
      defects.push({
        id: 'validity-bowtie',
        rule: 'validity',
        codes: [u.code],
        location: centre([r[i] as Position, r[i + 1] as Position]),
        description: `cell ${u.code}: vertices ${i} and ${i + 1} swapped, so its ring crosses itself (bow-tie)`,
      });
      twisted = true;
    }
    if (twisted) break;
  }
  if (!twisted) throw new Error('demo defects: no cell found for the bow-tie');

  // Duplicate code: a cell takes the code of a sibling; its own code goes missing.
  const dupes = rng.shuffle(cells.filter((u) => u.kind === 'comprehensive' && free(u)));
  const victim = dupes.find((u) => cells.some((s) => s !== u && s.parentCode === u.parentCode && free(s)));
  const original = victim
    ? cells.find((s) => s !== victim && s.parentCode === victim.parentCode && free(s))
    : undefined;
  if (!victim || !original) throw new Error('demo defects: no cell found for the duplicate code');
  const former = victim.code;
  victim.code = original.code;
  take(victim, original);
  defects.push({
    id: 'codes-duplicate',
    rule: 'codes',
    codes: [original.code],
    location: centre(ring(victim).slice(0, -1)),
    description: `cell ${former} carries the code ${original.code} of a sibling cell; ${former} is missing`,
  });
  return { dataset, defects };
}
