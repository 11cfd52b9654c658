import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/types.ts';
import { badRequest, type PalisadeError, preconditionFailed } from '../errors/error.ts';

/**
 * Optimistic concurrency: a resource's ETag is its version (versionOf in src/db/fragments.ts).
 * Clients send it back in If-Match; an update whose row moved on meanwhile fails with 412
 * instead of silently overwriting someone else's change.
 */

const TAG = /^(?:W\/)?"([^"]{1,64})"$/;

/** The versions If-Match accepts, ['*'] for any, or null when the request sets no precondition. */
export function ifMatch(req: FastifyRequest): string[] | null {
  const raw = req.headers['if-match'];
  if (raw === undefined) return null;
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  const tags = value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.length === 0) throw badRequest('If-Match is empty', 'if-match');
  if (tags.includes('*')) return ['*'];
  return tags.map((t) => {
    const m = TAG.exec(t);
    if (!m) throw badRequest('If-Match must hold ETags from previous responses, e.g. "1718000000000000"', 'if-match');
    return m[1]!;
  });
}

/** The If-Match versions as an SQL parameter: null (no condition) when absent or `*`. */
export function versionParam(versions: string[] | null): string[] | null {
  return versions && !versions.includes('*') ? versions : null;
}

export function matches(versions: string[] | null, version: string): boolean {
  return versions === null || versions.includes('*') || versions.includes(version);
}

export function setEtag(reply: FastifyReply, version: string) {
  reply.header('etag', `"${version}"`);
}

/**
 * An UPDATE or DELETE touched no row: says why, reading the row as the same principal (RLS).
 * Invisible → not found; visible but at another version → 412; visible and current → the caller
 * may read but not change it → forbidden.
 */
export async function explainMiss(
  tx: Queryable,
  current: { sql: string; params: unknown[] },
  versions: string[] | null,
  errors: { notFound: PalisadeError; forbidden: PalisadeError },
): Promise<never> {
  const { rows } = await tx.query<{ v: string }>(current.sql, current.params);
  const row = rows[0];
  if (!row) throw errors.notFound;
  if (!matches(versions, row.v)) throw preconditionFailed();
  throw errors.forbidden;
}
