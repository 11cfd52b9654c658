/**
 * Named prepared statements for the server engine. A parameterised statement is parsed once per
 * connection and then only bound and executed: PostgreSQL skips parsing, analysis, rewriting
 * (where row-level security adds its policies) and, once it settles on a generic plan, planning.
 *
 * Why: parse and plan are a large share of the server's CPU for a one-row read; see docs/server.md "Prepared statements".
 *
 * What keeps it correct:
 * * A cached plan is tied to the role it was planned for whenever row-level security was
 *   involved (PostgreSQL re-plans when the role differs), and a policy's InitPlan runs at every
 *   execution, so a plan never carries one caller's memberships to another.
 * * Schema changes invalidate cached plans on the server; statements here name their columns, so
 *   a migration that adds columns does not change their result shape.
 * * Names are registered in node-postgres' own per-connection table (`parsedStatements`), so a
 *   statement prepared by a batch and one prepared by `client.query({ name })` are the same.
 * * The registry is bounded: past MAX_NAMED distinct texts, statements go unnamed as before.
 */
import { createHash } from 'node:crypto';

const MAX_NAMED = 2_000;

/**
 * A namer with its own registry: the statement's name, or '' when it should stay unnamed (no
 * parameters, or `max` distinct texts are named already).
 */
export function statementNamer(max = MAX_NAMED): (sql: string, params: readonly unknown[] | undefined) => string {
  const names = new Map<string, string>();
  return (sql, params) => {
    // Statements without parameters are scripts, DDL or transaction control: nothing to re-use.
    if (!params || params.length === 0) return '';
    let name = names.get(sql);
    if (name === undefined) {
      if (names.size >= max) return '';
      name = `pal_${createHash('sha256').update(sql).digest('base64url').slice(0, 22)}`;
      names.set(sql, name);
    }
    return name;
  };
}

/** The process-wide namer every server-engine connection uses. */
export const statementName = statementNamer();

/** node-postgres' record of what this connection has parsed (name → text). */
export interface PreparedRegistry {
  parsedStatements: Record<string, string>;
}
