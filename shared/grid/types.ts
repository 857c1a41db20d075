import type { MultiPolygon, Polygon } from 'geojson';

/**
 * The nested levels of the grid hierarchy: district, town, community, cell (大网格 / 中网格 / 小网格 /
 * 基础网格). 'city' sits above districts only in city-scale data sets (Guangzhou benchmarks).
 */
export type GridLevel = 'city' | 'district' | 'town' | 'community' | 'cell';
export const GRID_LEVELS: readonly GridLevel[] = ['city', 'district', 'town', 'community', 'cell'];

/** 综合网格 / 专属网格 */
export type CellKind = 'comprehensive' | 'dedicated';
export type DedicatedSubtype =
  'office_tower' | 'park' | 'school' | 'hospital' | 'market' | 'construction_site' | 'other';
export const DEDICATED_SUBTYPES: readonly DedicatedSubtype[] = [
  'office_tower',
  'park',
  'school',
  'hospital',
  'market',
  'construction_site',
  'other',
];

/** Attributes of one grid unit at any level; cells use the staff and kind fields. */
export interface GridUnitAttributes {
  /** 统计用区划代码 for district (6), town (9), community (12); cell code is 15 digits. */
  code: string;
  name: string;
  level: GridLevel;
  parentCode: string | null;
  kind: CellKind | null;
  subtype: DedicatedSubtype | null;
  population: number;
  /** 网格长 */
  chief: string | null;
  staffFullTime: number;
  staffPartTime: number;
  staffVolunteer: number;
  /** Names of the grid workers by kind; absent where the data has counts only. */
  workerNames?: WorkerNames;
  /** The planner's free-text notes on the unit. */
  notes?: string;
}

export interface WorkerNames {
  fullTime: string[];
  partTime: string[];
  volunteer: string[];
}

export interface GridUnit extends GridUnitAttributes {
  /** EPSG:4326 (CGCS2000 treated as equal), lon/lat order. */
  geometry: Polygon | MultiPolygon;
}

export interface GridDataset {
  /** Human name of the dataset, e.g. '南沙区 (demo)'. */
  name: string;
  units: GridUnit[];
}
