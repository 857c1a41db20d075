/**
 * Turns schema failures into lines an administrator can act on: where in the file, and what is
 * wrong ("years[0].holidays[2].to: must be a date YYYY-MM-DD"). Used by every reference-data loader.
 */
import type { z } from 'zod';

export type Loaded<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}
