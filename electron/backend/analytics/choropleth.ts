/**
 * The choropleth for a window: every unit of a grid level with its case count, cases per 1,000
 * residents, closure and on-time rates and overdue count (shared/metrics definitions), the class
 * breaks of the chosen metric and the top-N list.
 */
import type {
  ChoroplethLevel,
  ChoroplethRequest,
  ChoroplethResult,
} from '../../../shared/api/analytics-contract.ts';
import { classBreaks, classOf } from '../../../shared/metrics/breaks.ts';
import {
  addFacts,
  closureRate,
  emptyCounts,
  onTimeRate,
  perThousand,
  ratesOf,
  type MetricCounts,
} from '../../../shared/metrics/rates.ts';
import { topN } from '../../../shared/metrics/ranking.ts';
import { resolveWindow } from '../../../shared/metrics/time-window.ts';
import type { CaseColumns } from './case-columns.ts';
import { rowFactsReader } from './case-facts.ts';
import type { Dictionary } from './dictionary.ts';
import { compileFilters } from './filter.ts';

export interface LevelUnits {
  codes: string[];
  names: string[];
  population: number[];
  indexOf: Map<string, number>;
}

const COUNTERS = [
  'total',
  'registered',
  'dispatched',
  'closed',
  'closedOnTime',
  'openOverdue',
  'reworked',
] as const;

function unitColumn(cols: CaseColumns, level: ChoroplethLevel): { column: Uint32Array; dict: Dictionary } {
  if (level === 'town') return { column: cols.town, dict: cols.towns };
  if (level === 'community') return { column: cols.community, dict: cols.communities };
  return { column: cols.cell, dict: cols.cells };
}

export function choropleth(
  cols: CaseColumns,
  units: LevelUnits,
  req: ChoroplethRequest,
  now: number,
): ChoroplethResult {
  const window = resolveWindow(req.window, now);
  const pass = compileFilters(cols, req.filters);
  const facts = rowFactsReader(cols, now);
  const { column, dict } = unitColumn(cols, req.level);
  const unitOfId = new Int32Array(dict.size).fill(-1);
  dict.values.forEach((code, id) => {
    if (code !== null) unitOfId[id] = units.indexOf.get(code) ?? -1;
  });
  const n = units.codes.length;
  // One counter array per field: 30,000 units × 7 numbers without an object per unit in the scan.
  const counters = COUNTERS.map(() => new Uint32Array(n));
  const totals = emptyCounts();
  cols.forEachInWindow(window.from, window.to, (r) => {
    if (!pass(r)) return;
    const f = facts(r);
    addFacts(totals, f);
    const u = unitOfId[column[r]!]!;
    if (u < 0) return;
    counters[0]![u]!++;
    if (f.registered) counters[1]![u]!++;
    if (f.dispatched) counters[2]![u]!++;
    if (f.closed) counters[3]![u]!++;
    if (f.closedOnTime) counters[4]![u]!++;
    if (f.openOverdue) counters[5]![u]!++;
    if (f.reworked) counters[6]![u]!++;
  });
  const count: number[] = new Array<number>(n);
  const per: (number | null)[] = new Array<number | null>(n);
  const closure: (number | null)[] = new Array<number | null>(n);
  const onTime: (number | null)[] = new Array<number | null>(n);
  const overdue: number[] = new Array<number>(n);
  for (let u = 0; u < n; u++) {
    const c: MetricCounts = {
      total: counters[0]![u]!,
      registered: counters[1]![u]!,
      dispatched: counters[2]![u]!,
      closed: counters[3]![u]!,
      closedOnTime: counters[4]![u]!,
      openOverdue: counters[5]![u]!,
      reworked: counters[6]![u]!,
    };
    count[u] = c.total;
    per[u] = perThousand(c.total, units.population[u]!);
    closure[u] = closureRate(c);
    onTime[u] = onTimeRate(c);
    overdue[u] = c.openOverdue;
  }
  const byMetric = { count, perThousand: per, closureRate: closure, onTimeRate: onTime, overdue }[req.metric];
  const breaks = classBreaks(byMetric, req.classes, req.method);
  return {
    window,
    now,
    level: req.level,
    metric: req.metric,
    codes: units.codes,
    names: units.names,
    population: units.population,
    count,
    perThousand: per,
    closureRate: closure,
    onTimeRate: onTime,
    overdue,
    classes: byMetric.map((v) => classOf(v, breaks.breaks)),
    breaks,
    top: topN(byMetric, req.metric, req.top, count).map(({ index, value }) => ({
      code: units.codes[index]!,
      name: units.names[index]!,
      value,
      count: count[index]!,
    })),
    totals: { ...totals, ...ratesOf(totals) },
  };
}
