/**
 * What the first screen asks for (the store's state, the remembered settings, the grid's counts
 * and its large answers) kept at a clean close beside the data file, so that the next start can
 * answer it while the data file is still being read: at a million cases that read is about a
 * gigabyte and one to two seconds, and the map can be drawn in the meantime.
 *
 * The record holds the data file's size, modification time and inode and its change log's
 * listing as they were after the final snapshot. It is used only while all of them are the same,
 * so the file holds exactly the state the record was made from; anything else (a write, a crash,
 * another program, a restored backup) and the first screen waits for the file as before. Once the
 * file is open the backend compares what was answered with what the file says (opening-backend.ts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GridLevel } from '../../shared/grid/types.ts';
import { logDirOf } from './store/change-log.ts';
import { SCHEMA_VERSION } from './store/migrations.ts';
import { readKeptAnswer } from './grid-answers.ts';

/** Bump when the record's shape changes. */
const FORMAT = 1;
const HEADER = `gezhi-boot ${FORMAT}`;

/** What the first screen reads from the open data file; equal records mean equal answers. */
export interface BootView {
  schemaVersion: number;
  counts: Record<GridLevel, number>;
  datasetName: string | null;
  /** Every remembered setting, as settings.get answers it. */
  settings: Record<string, unknown>;
  /** The grid's stamp (grid-answers.ts): which kept grid answers belong to this state. */
  gridStamp: string;
}

interface FileState {
  size: number;
  mtimeMs: number;
  ino: number;
  /** Log segment names with their sizes and modification times. */
  log: string[];
}

interface BootRecord {
  file: FileState;
  view: BootView;
}

const bootFile = (answersDir: string): string => join(answersDir, 'boot.json');
const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

function fileState(dataFile: string): FileState {
  const st = statSync(dataFile);
  const dir = logDirOf(dataFile);
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return {
    size: st.size,
    mtimeMs: st.mtimeMs,
    ino: st.ino,
    log: names.map((n) => {
      const s = statSync(join(dir, n));
      return `${n} ${s.size} ${s.mtimeMs}`;
    }),
  };
}

const sameState = (a: FileState, b: FileState): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Kept after the final snapshot, when the data file holds the whole state. Failing to keep it
 * only means the next start waits for the file; it is never an error of the close.
 */
export function keepBootRecord(dataFile: string, answersDir: string, view: BootView): void {
  try {
    const text = JSON.stringify({ file: fileState(dataFile), view } satisfies BootRecord);
    mkdirSync(answersDir, { recursive: true });
    const file = bootFile(answersDir);
    writeFileSync(`${file}.tmp`, `${HEADER} ${sha1(text)}\n${text}`);
    renameSync(`${file}.tmp`, file);
  } catch (e) {
    console.warn(`[backend] first-screen answers not kept: ${e instanceof Error ? e.message : e}`);
  }
}

/** The first screen's answers, as JSON text of the value, for the few methods it asks first. */
export interface BootAnswers {
  readonly view: BootView;
  /** The value's JSON text, or undefined when only the open data file can answer. */
  answer(method: string, params: Record<string, unknown>): string | undefined;
}

/** The kept answers when the data file and its log are as they were at the last clean close. */
export function readBootAnswers(
  dataFile: string,
  answersDir: string,
  info: (view: BootView) => unknown,
): BootAnswers | null {
  let record: BootRecord;
  try {
    const text = readFileSync(bootFile(answersDir), 'utf8');
    const eol = text.indexOf('\n');
    const body = text.slice(eol + 1);
    if (eol < 0 || text.slice(0, eol) !== `${HEADER} ${sha1(body)}`) return null;
    record = JSON.parse(body) as BootRecord;
    if (record.view.schemaVersion !== SCHEMA_VERSION) return null;
    if (!sameState(record.file, fileState(dataFile))) return null;
  } catch {
    return null;
  }
  const view = record.view;
  const grid = new Map<string, string | undefined>();
  const kept = (key: string): string | undefined => {
    if (!grid.has(key)) grid.set(key, readKeptAnswer(answersDir, key, view.gridStamp));
    return grid.get(key);
  };
  return {
    view,
    answer(method, params) {
      switch (method) {
        case 'app.info':
          return JSON.stringify(info(view));
        case 'settings.get': {
          const key = String(params.key);
          return JSON.stringify({ key, value: view.settings[key] ?? null });
        }
        case 'grid.tree':
          return kept('tree');
        case 'grid.layer':
          return kept(`layer-${String(params.level)}`);
        case 'grid.labels':
          return kept(`labels-${String(params.level)}`);
        default:
          return undefined;
      }
    },
  };
}
