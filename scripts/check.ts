/**
 * Batch coverage check of a file of cells, as planners run it on delivered data (GeoJSON, GeoPackage,
 * zipped or loose Shapefile, KML; read by GeZhi's own readers, no GDAL needed):
 *   node --import tsx scripts/check.ts --cells FILE [--parents FILE] [--parent-field NAME]
 *     [--min-area M2] [--min-width M] [--format text|json|geojson]
 * Exit 0 clean, 1 errors, 2 unreadable input or bad arguments.
 */
import { readFileSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import {
  checkCoverage,
  formatMessage,
  publishGate,
  type CoverageResult,
  type CoverageUnit,
} from '../shared/coverage/index.ts';
import { readGpkgLayer } from '../electron/backend/transfer/gpkg-file.ts';
import { convertFeatures } from '../shared/transfer/convert.ts';
import { WGS84 } from '../shared/transfer/crs.ts';
import { TransferError } from '../shared/transfer/errors.ts';
import { readSourceFile } from '../shared/transfer/read-file.ts';
import { readShapefile } from '../shared/transfer/read-shapefile.ts';
import type { SourceLayer } from '../shared/transfer/source.ts';
import { transferEn } from '../renderer/src/editor/import/transfer.en.ts';
import { transferZhCN } from '../renderer/src/editor/import/transfer.zh-CN.ts';

/** Bad arguments or an unreadable file: said in Chinese and English, exit 2. */
class InputError extends Error {
  constructor(
    readonly zh: string,
    en: string,
  ) {
    super(en);
  }
}

const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));

/** A reader's refusal in the words the import dialog uses. */
function transferMessage(file: string, e: TransferError): InputError {
  const key = `transfer.error.${e.key}` as const;
  const values = { name: basename(file), ...e.params };
  return new InputError(
    `${file}：${fill(transferZhCN[key], values)}`,
    `${file}: ${fill(transferEn[key], values)}`,
  );
}

interface Args {
  cells: string;
  parents: string | null;
  parentField: string | null;
  minArea: number | null;
  minWidth: number | null;
  format: 'text' | 'json' | 'geojson';
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    cells: '',
    parents: null,
    parentField: null,
    minArea: null,
    minWidth: null,
    format: 'text',
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    const need = (): string => {
      if (v === undefined) throw new InputError(`${k} 缺少取值`, `${k} needs a value`);
      i++;
      return v;
    };
    const num = (): number => {
      const n = Number(need());
      if (!Number.isFinite(n) || n < 0)
        throw new InputError(`${k} 需要一个非负数`, `${k} needs a non-negative number`);
      return n;
    };
    if (k === '--cells') a.cells = need();
    else if (k === '--parents') a.parents = need();
    else if (k === '--parent-field') a.parentField = need();
    else if (k === '--min-area') a.minArea = num();
    else if (k === '--min-width') a.minWidth = num();
    else if (k === '--format') {
      const f = need();
      if (f !== 'text' && f !== 'json' && f !== 'geojson')
        throw new InputError(
          `--format 只能是 text、json 或 geojson，不能是 ${f}`,
          `--format must be text, json or geojson, not ${f}`,
        );
      a.format = f;
    } else throw new InputError(`未知参数 ${k}`, `unknown argument ${k}`);
  }
  if (!a.cells) throw new InputError('必须用 --cells 指定网格文件', '--cells FILE is required');
  return a;
}

/**
 * GeoJSON, GeoPackage, zipped Shapefile or a loose .shp with its sibling files, through GeZhi's own
 * readers (no GDAL needed), reprojected to lon/lat from the declared coordinate system.
 */
async function readFeatures(file: string): Promise<FeatureCollection> {
  if (!existsSync(file)) throw new InputError(`${file}：文件不存在`, `${file}: no such file`);
  try {
    let layer: SourceLayer;
    if (/\.shp$/i.test(file)) {
      const base = file.slice(0, -4);
      const sibling = (ext: string): Buffer | undefined => {
        for (const e of [ext, ext.toUpperCase()]) if (existsSync(base + e)) return readFileSync(base + e);
        return undefined;
      };
      layer = await readShapefile({
        name: basename(base),
        shp: new Uint8Array(readFileSync(file)),
        dbf: sibling('.dbf'),
        prj: sibling('.prj')?.toString('utf8'),
        cpg: sibling('.cpg')?.toString('utf8'),
      });
    } else {
      layer = await readSourceFile(new Uint8Array(readFileSync(file)), basename(file), {
        readGpkg: readGpkgLayer,
      });
    }
    const { features } = await convertFeatures(layer.features, layer.declaredCrs ?? WGS84);
    return {
      type: 'FeatureCollection',
      features: features.map((f): Feature => ({
        type: 'Feature',
        properties: f.props,
        geometry: f.geometry,
      })),
    };
  } catch (e) {
    if (e instanceof TransferError) throw transferMessage(file, e);
    throw e;
  }
}

function isArea(g: Geometry | null): g is Polygon | MultiPolygon {
  return !!g && (g.type === 'Polygon' || g.type === 'MultiPolygon');
}

function prop(f: Feature, ...names: string[]): string | null {
  for (const n of names) {
    const v = f.properties?.[n];
    if (v !== undefined && v !== null && v !== '') return String(v);
  }
  return null;
}

async function toUnits(args: Args): Promise<CoverageUnit[]> {
  const cells = await readFeatures(args.cells);
  const units: CoverageUnit[] = [];
  let single: string | null = null;
  if (args.parents) {
    const parents = await readFeatures(args.parents);
    parents.features.forEach((f, i) => {
      if (!isArea(f.geometry))
        throw new InputError(
          `${args.parents}：第 ${i} 个要素不是面`,
          `${args.parents}: feature ${i} is not a polygon`,
        );
      const code =
        prop(f, 'code', 'CODE', ...(args.parentField ? [args.parentField] : []), 'id') ?? `parent#${i + 1}`;
      units.push({ code, parentCode: null, level: 'community', geometry: f.geometry });
    });
    if (units.length === 1) single = (units[0] as CoverageUnit).code;
    else if (!args.parentField)
      throw new InputError(
        `${args.parents} 含 ${units.length} 个上级：请用 --parent-field 指明网格的上级编码字段`,
        `${args.parents} holds ${units.length} parents: name the cells' parent field with --parent-field`,
      );
  }
  cells.features.forEach((f, i) => {
    if (!isArea(f.geometry))
      throw new InputError(
        `${args.cells}：第 ${i} 个要素不是面`,
        `${args.cells}: feature ${i} is not a polygon`,
      );
    const parentCode = args.parentField ? prop(f, args.parentField) : single;
    if (args.parentField && parentCode === null)
      throw new InputError(
        `${args.cells}：第 ${i} 个要素没有 ${args.parentField}`,
        `${args.cells}: feature ${i} has no ${args.parentField}`,
      );
    const code = prop(f, 'code', 'CODE', 'id') ?? `${parentCode ?? ''}#${i + 1}`;
    units.push({ code, parentCode, level: 'cell', geometry: f.geometry });
  });
  return units;
}

function print(r: CoverageResult, format: Args['format']): void {
  if (format === 'json') {
    process.stdout.write(
      `${JSON.stringify({ counts: r.counts, options: r.options, stats: r.stats, defects: r.defects })}\n`,
    );
    return;
  }
  if (format === 'geojson') {
    const features = r.defects.map((d) => ({
      type: 'Feature',
      geometry: d.geometry,
      properties: {
        id: d.id,
        rule: d.rule,
        severity: d.severity,
        area_m2: Math.round(d.areaM2 * 100) / 100,
        below_tolerance: d.belowTolerance,
        codes: d.codes.join(','),
        message_zh: formatMessage(d.messageKey, d.messageParams, 'zh-CN'),
        message_en: formatMessage(d.messageKey, d.messageParams, 'en'),
      },
    }));
    process.stdout.write(`${JSON.stringify({ type: 'FeatureCollection', features })}\n`);
    return;
  }
  const c = r.counts;
  for (const d of r.defects) {
    const tag = d.belowTolerance ? 'below' : d.severity;
    const at = d.location ? ` @ ${d.location[0].toFixed(6)},${d.location[1].toFixed(6)}` : '';
    console.log(
      `${tag.padEnd(7)} ${d.rule.padEnd(11)} ${formatMessage(d.messageKey, d.messageParams)} | ${formatMessage(d.messageKey, d.messageParams, 'en')}${at}`,
    );
  }
  console.log(
    `${r.stats.units} units: ${c.errors} errors, ${c.warnings} warnings, ${c.belowTolerance} below tolerance (${r.options.minAreaM2} m²) in ${Math.round(r.stats.ms)} ms`,
  );
}

async function main(): Promise<number> {
  try {
    const args = parseArgs(process.argv.slice(2));
    const units = await toUnits(args);
    const r = checkCoverage(units, {
      ...(args.minArea !== null ? { minAreaM2: args.minArea } : {}),
      ...(args.minWidth !== null ? { minWidthM: args.minWidth } : {}),
    });
    print(r, args.format);
    return publishGate(r).allowed ? 0 : 1;
  } catch (e) {
    if (e instanceof InputError) {
      console.error(`check: ${e.zh}\ncheck: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main();
