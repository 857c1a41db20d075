/**
 * Reference data (item catalogue, department templates, working calendar): the files in data/ are
 * loaded into ref_data on first start, and again as a new version whenever a file's content
 * changes (compared with the last version read from the file, so an administrator's edit made in
 * the app since is kept until the file itself changes). The data file then keeps working on its own (no data folder needed), and each version
 * stays readable. A file that fails validation is reported and the last good version is kept.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCalendar, type LoadedCalendar } from '../../../shared/calendar/calendar-schema.ts';
import { loadReferenceData, type Catalogue } from '../../../shared/cases/catalogue-schema.ts';
import type { DepartmentsData } from '../../../shared/cases/department-schema.ts';
import { buildItemIndex, type ItemIndexEntry } from '../../../shared/cases/item-search.ts';
import type { Store, WriteOp } from '../store/store.ts';
import { auditOp, SYSTEM_ACTOR } from './audit.ts';

export const REF_KINDS = ['catalogue', 'departments', 'calendar'] as const;
/** ref_data.source of a version an administrator saved in the app. */
export const ADMIN_SOURCE = 'admin';
export type RefKind = (typeof REF_KINDS)[number];

/** Where each kind's file lives under data/. */
export const REF_FILES: Record<RefKind, string> = {
  catalogue: 'catalogue/items.json',
  departments: 'departments/templates.json',
  calendar: 'calendar/cn-2025-2026.json',
};

export interface ReferenceSet {
  catalogue: Catalogue;
  departments: DepartmentsData;
  calendar: LoadedCalendar;
  itemIndex: ItemIndexEntry[];
  versions: Record<RefKind, number>;
}

export interface StoredRef {
  version: number;
  sha256: string;
  content: string;
}

export function latest(store: Store, kind: RefKind): StoredRef | undefined {
  return store.get<{ version: number; sha256: string; content: string }>(
    'SELECT version, sha256, content FROM ref_data WHERE kind = ? ORDER BY version DESC LIMIT 1',
    [kind],
  );
}

/** The sha256 of the last version read from the data folder's file (not an administrator's edit). */
function lastFromFile(store: Store, kind: RefKind): string | undefined {
  return store.get<{ sha256: string }>(
    'SELECT sha256 FROM ref_data WHERE kind = ? AND source = ? ORDER BY version DESC LIMIT 1',
    [kind, REF_FILES[kind]],
  )?.sha256;
}

/** Builds the in-memory set from contents; errors name the file they belong to. */
export function buildReferenceSet(
  content: Record<RefKind, string>,
  versions: Record<RefKind, number>,
): { ok: true; value: ReferenceSet } | { ok: false; errors: string[] } {
  let parsed: Record<RefKind, unknown>;
  try {
    parsed = {
      catalogue: JSON.parse(content.catalogue) as unknown,
      departments: JSON.parse(content.departments) as unknown,
      calendar: JSON.parse(content.calendar) as unknown,
    };
  } catch (e) {
    return { ok: false, errors: [`not valid JSON: ${(e as Error).message}`] };
  }
  const ref = loadReferenceData({ catalogue: parsed.catalogue, departments: parsed.departments });
  if (!ref.ok) return ref;
  const calendar = loadCalendar(parsed.calendar);
  if (!calendar.ok) return { ok: false, errors: calendar.errors.map((e) => `calendar: ${e}`) };
  return {
    ok: true,
    value: {
      ...ref.value,
      calendar: calendar.value,
      itemIndex: buildItemIndex(ref.value.catalogue.items),
      versions,
    },
  };
}

export interface SyncResult {
  set: ReferenceSet | null;
  /** New versions written this start, by kind. */
  loaded: RefKind[];
  problems: string[];
}

/**
 * Loads changed files from `dataDir` as new versions (one durable, audited write), then builds the
 * set from the latest stored versions. Without a data folder the stored versions are used as they are.
 */
export async function syncReferenceData(
  store: Store,
  dataDir: string | undefined,
  now: number,
): Promise<SyncResult> {
  const stored = Object.fromEntries(REF_KINDS.map((k) => [k, latest(store, k)])) as Record<
    RefKind,
    StoredRef | undefined
  >;
  const files: Partial<Record<RefKind, string>> = {};
  const problems: string[] = [];
  if (dataDir)
    for (const kind of REF_KINDS) {
      try {
        files[kind] = await readFile(join(dataDir, REF_FILES[kind]), 'utf8');
      } catch (e) {
        problems.push(`${REF_FILES[kind]}: ${(e as Error).message}`);
      }
    }
  const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
  const candidate = {} as Record<RefKind, string>;
  const versions = {} as Record<RefKind, number>;
  const changed: RefKind[] = [];
  for (const kind of REF_KINDS) {
    const file = files[kind];
    const have = stored[kind];
    // A file counts as changed against the last version loaded from it: an administrator's later
    // edit in the app is newer than an unchanged file and must not be overwritten by it.
    if (file !== undefined && (!have || lastFromFile(store, kind) !== sha(file))) {
      candidate[kind] = file;
      versions[kind] = (have?.version ?? 0) + 1;
      changed.push(kind);
    } else if (have) {
      candidate[kind] = have.content;
      versions[kind] = have.version;
    } else return { set: null, loaded: [], problems: [...problems, `no ${kind} loaded yet`] };
  }
  let built = buildReferenceSet(candidate, versions);
  if (!built.ok) {
    problems.push(...built.errors);
    // Keep the last good versions when a changed file does not validate.
    if (!changed.length || REF_KINDS.some((k) => !stored[k])) return { set: null, loaded: [], problems };
    const kept = Object.fromEntries(REF_KINDS.map((k) => [k, stored[k]!.content])) as Record<RefKind, string>;
    const keptVersions = Object.fromEntries(REF_KINDS.map((k) => [k, stored[k]!.version])) as Record<
      RefKind,
      number
    >;
    built = buildReferenceSet(kept, keptVersions);
    return { set: built.ok ? built.value : null, loaded: [], problems };
  }
  if (changed.length) {
    const ops: WriteOp[] = [];
    for (const kind of changed) {
      const label = (JSON.parse(candidate[kind]) as { version?: unknown }).version;
      ops.push({
        sql: 'INSERT INTO ref_data (kind, version, sha256, label, content, loaded_at, source) VALUES (?, ?, ?, ?, ?, ?, ?)',
        params: [
          kind,
          versions[kind],
          sha(candidate[kind]),
          typeof label === 'string' ? label : null,
          candidate[kind],
          now,
          REF_FILES[kind],
        ],
      });
      ops.push(
        auditOp(
          SYSTEM_ACTOR,
          now,
          'refData.load',
          'ref_data',
          `${kind}@${versions[kind]}`,
          stored[kind] ? { version: stored[kind].version } : null,
          {
            version: versions[kind],
            file: REF_FILES[kind],
          },
        ),
      );
    }
    await store.write(ops);
  }
  return { set: built.value, loaded: changed, problems };
}
