/**
 * The map's large grid answers (the tree, each level's layer and label points) kept as JSON text,
 * in memory and in a folder beside the data file (`<data file>.map-cache/`), so a later start sends
 * them as they are instead of reading 30,000 geometries from SQL and serializing 12 MB again: at
 * Guangzhou scale that was about a second of the backend's CPU, on the first screen's critical path.
 *
 * Each file starts with a line holding the stamp of the grid it was made from (the data file's id
 * and its grid revision, moved by trigger on every write to a grid table: migrations.ts) and the
 * SHA-1 of the text after it. It is used only while the data file's stamp is the same and the text
 * is whole: a truncated or damaged file is made again, never sent. The data file stays the truth: deleting the folder costs time,
 * never data, and a folder that cannot be written only means the answers are made again next start.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from './store/store.ts';
import { GRID_REVISION_TABLE } from './store/migrations.ts';

/** Bump when the shape of a cached answer changes (what grid-service.ts returns). */
const FORMAT = 1;

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

export const gridAnswersDir = (dataFile: string): string => `${dataFile}.map-cache`;

const answerFile = (dir: string, key: string): string => join(dir, `${key}.json`);

/** The kept answer `key` when it was made from the grid `stamp` names and is whole. */
export function readKeptAnswer(dir: string, key: string, stamp: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(answerFile(dir, key), 'utf8');
  } catch {
    return undefined;
  }
  const eol = text.indexOf('\n');
  if (eol < 0) return undefined;
  const body = text.slice(eol + 1);
  return text.slice(0, eol) === `${stamp} ${sha1(body)}` ? body : undefined;
}

export class GridAnswers {
  private readonly memory = new Map<string, string>();
  private memoryStamp = '';
  private warned = false;

  /** `dir` null: memory only. */
  constructor(
    private readonly store: Store,
    private readonly dir: string | null,
  ) {}

  /** Which grid the answers are of: the data file's id and its grid revision. */
  stamp(): string {
    const rev = this.store.get(`SELECT n FROM ${GRID_REVISION_TABLE} WHERE id = 1`)?.n ?? 0;
    const id = this.store.get("SELECT value FROM gezhi_meta WHERE key = 'file_id'")?.value ?? '';
    return `gezhi-map-cache ${FORMAT} ${String(id)} ${String(rev)}`;
  }

  /** The answer `key` as JSON text: from memory, else from the folder, else made now (and kept). */
  get(key: string, make: () => unknown): string {
    const stamp = this.stamp();
    if (stamp !== this.memoryStamp) {
      this.memory.clear();
      this.memoryStamp = stamp;
    }
    const known = this.memory.get(key) ?? this.read(key, stamp);
    if (known !== undefined) {
      this.memory.set(key, known);
      return known;
    }
    const text = JSON.stringify(make());
    this.memory.set(key, text);
    this.write(key, stamp, text);
    return text;
  }

  private file(key: string): string {
    return answerFile(this.dir!, key);
  }

  private read(key: string, stamp: string): string | undefined {
    return this.dir ? readKeptAnswer(this.dir, key, stamp) : undefined;
  }

  /** Through a temporary file and a rename: a crash leaves the old file or none, never half of one. */
  private write(key: string, stamp: string, text: string): void {
    if (!this.dir) return;
    const file = this.file(key);
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(`${file}.tmp`, `${stamp} ${sha1(text)}\n${text}`);
      renameSync(`${file}.tmp`, file);
    } catch (e) {
      if (this.warned) return;
      this.warned = true;
      console.warn(`[backend] map answers not kept in ${this.dir}: ${e instanceof Error ? e.message : e}`);
    }
  }
}
