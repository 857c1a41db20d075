import type { Position } from 'geojson';
import type { Defect, DefectGeometry, RuleId, Severity } from './types.ts';
import type { MessageKey } from './messages.ts';

/** Severity of each message kind; everything else a rule can say is an error. */
const WARNINGS: ReadonlySet<MessageKey> = new Set<MessageKey>([
  'validity.repeatedVertex',
  'validity.spike',
  'sliver.thin',
]);

export function severityOf(key: MessageKey): Severity {
  return WARNINGS.has(key) ? 'warning' : 'error';
}

export function round(v: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** A point for fly-to: the centre of the geometry's box (good enough to frame it). */
export function locate(g: DefectGeometry | null): [number, number] | null {
  if (!g) return null;
  if (g.type === 'Point') return [g.coordinates[0] as number, g.coordinates[1] as number];
  const pts: Position[] =
    g.type === 'LineString'
      ? g.coordinates
      : g.type === 'Polygon'
        ? (g.coordinates[0] ?? [])
        : g.coordinates.flatMap((p) => p[0] ?? []);
  if (!pts.length) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of pts) {
    x0 = Math.min(x0, p[0] as number);
    y0 = Math.min(y0, p[1] as number);
    x1 = Math.max(x1, p[0] as number);
    y1 = Math.max(y1, p[1] as number);
  }
  return [(x0 + x1) / 2, (y0 + y1) / 2];
}

export interface DefectInput {
  rule: RuleId;
  key: MessageKey;
  params: Record<string, string | number>;
  codes: string[];
  parentCode: string | null;
  geometry: DefectGeometry | null;
  areaM2?: number;
  widthM?: number;
  belowTolerance?: boolean;
}

export function makeDefect(d: DefectInput): Defect {
  const location = locate(d.geometry);
  const where = location ? `${location[0].toFixed(6)},${location[1].toFixed(6)}` : '-';
  const out: Defect = {
    id: `${d.key}:${d.codes.join('+')}:${where}`,
    rule: d.rule,
    severity: severityOf(d.key),
    messageKey: d.key,
    messageParams: d.params,
    codes: d.codes,
    parentCode: d.parentCode,
    geometry: d.geometry,
    areaM2: d.areaM2 ?? 0,
    location,
    belowTolerance: d.belowTolerance ?? false,
  };
  if (d.widthM !== undefined) out.widthM = d.widthM;
  return out;
}
