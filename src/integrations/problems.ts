import type { z } from 'zod';
import { PalisadeError } from '../errors/error.ts';

/**
 * One thing wrong with a document: where (a JSON path such as `$.mappings[2].target`, spelled
 * exactly as the database's app.json_path_append spells it) and why. Messages state rules, never
 * the value that broke them, so a problem can be shown to anyone and logged anywhere.
 */
export interface Problem {
  path: string;
  message: string;
}

export function appendPath(base: string, key: PropertyKey): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const k = String(key);
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${base}.${k}` : `${base}[${JSON.stringify(k)}]`;
}

function pathOf(segments: readonly PropertyKey[], base = '$'): string {
  return segments.reduce<string>((p, k) => appendPath(p, k), base);
}

/** zod issues as problems. Unknown keys are reported at their own path, one per key, sorted. */
export function problemsFromZod(error: z.ZodError, base = '$'): Problem[] {
  const out: Problem[] = [];
  const walk = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]) => {
    for (const issue of issues) {
      const at = [...prefix, ...issue.path];
      if (issue.code === 'unrecognized_keys') {
        for (const k of [...issue.keys].sort())
          out.push({ path: pathOf([...at, k], base), message: 'is not a known key' });
      } else if (issue.code === 'invalid_union' && issue.errors.length > 0 && issue.message === 'Invalid input') {
        // An unlabelled union says only "Invalid input"; the closest branch's issues say more.
        const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
        walk(best, at);
      } else {
        out.push({ path: pathOf(at, base), message: issue.message });
      }
    }
  };
  walk(error.issues, []);
  return out;
}

function depth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

/**
 * An invalid document as the one error class: PS422, `field` the document (request property or
 * column), `detail` the JSON path of the first problem, as the database's own PS422 errors carry
 * them, so one error mapping turns both into the same 422 response.
 */
export function invalidDocument(field: string, problems: Problem[]): PalisadeError {
  const path = problems[0]?.path ?? '$';
  return new PalisadeError(
    'PS422',
    `invalid ${field} at ${path}: ${problems[0]?.message ?? 'is invalid'}`,
    field,
    path,
  );
}

/** Someone else's (or no) row: 404, never 403, so existence is not confirmed. */
export const integrationNotFound = (what = 'integration') =>
  new PalisadeError('PS404', `${what} not found`, 'integration_id');

/** A member who can see the row but may not change it (owners and admins manage integrations). */
export const manageForbidden = () =>
  new PalisadeError('PS403', 'only owners and admins of the organisation manage its integrations');
