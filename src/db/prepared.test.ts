import { describe, expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { describeEngines, freshDatabase } from '../testing/engines.ts';
import { statementName, statementNamer } from './prepared.ts';
import { withPrincipal } from './principal.ts';

const WORKSPACES = 'select org_id from public.workspaces where org_id = any ($1::uuid[]) order by org_id';
const both = [DEMO.orgs.a.id, DEMO.orgs.b.id];

describe('statement names', () => {
  it('names a parameterised statement by its text, and leaves scripts unnamed', () => {
    expect(statementName('select $1::int', [1])).toBe(statementName('select $1::int', [2]));
    expect(statementName('select $1::int', [1])).not.toBe(statementName('select $1::bigint', [1]));
    expect(statementName('select 1', [])).toBe('');
    expect(statementName('begin', undefined)).toBe('');
  });

  it('stops naming new texts once the registry is full, and keeps the names it gave', () => {
    const name = statementNamer(3);
    const first = name('select $1::text', ['x']);
    for (let i = 0; i < 5; i++) name(`select $1::int + ${i}`, [i]);
    expect(name('select $1::int + 0', [1])).not.toBe('');
    expect(name('select $1::int + 3', [1])).toBe('');
    expect(name('select $1::text', ['x'])).toBe(first);
  });
});

describeEngines('prepared statements', (ctx) => {
  it('one statement serves different principals on one connection, each through its own policies', async () => {
    const one = ctx.engine === 'postgres' ? await freshDatabase('postgres', { max: 1 }) : null;
    const db = one?.db ?? ctx.db;
    try {
      const seen = async (userId: string) =>
        (
          await withPrincipal(db, { kind: 'user', userId }, (tx) => tx.query<{ org_id: string }>(WORKSPACES, [both]))
        ).rows.map((r) => r.org_id);
      for (let round = 0; round < 3; round++) {
        // Past PostgreSQL's first five custom plans, so the generic plan is exercised too.
        for (let i = 0; i < 3; i++) {
          expect(new Set(await seen(DEMO.orgs.a.users.owner.id))).toEqual(new Set([DEMO.orgs.a.id]));
          expect(new Set(await seen(DEMO.orgs.b.users.viewer.id))).toEqual(new Set([DEMO.orgs.b.id]));
          expect(await seen(DEMO.orgs.a.users.suspended.id)).toEqual([]);
        }
        const asService = await withPrincipal(db, { kind: 'service' }, (tx) =>
          tx.query<{ org_id: string }>(WORKSPACES, [both]),
        );
        expect(new Set(asService.rows.map((r) => r.org_id))).toEqual(new Set(both));
        const asOwner = await db.query<{ org_id: string }>(WORKSPACES, [both]);
        expect(new Set(asOwner.rows.map((r) => r.org_id))).toEqual(new Set(both));
      }
      if (one) {
        const { rows } = await db.query<{ statement: string }>(
          'select statement from pg_prepared_statements where $1::int = 1',
          [1],
        );
        expect(rows.filter((r) => r.statement === WORKSPACES)).toHaveLength(1);
      }
    } finally {
      await one?.close();
    }
  });

  it('a failed batch leaves no half-known statement behind: the same statements run afterwards', async () => {
    const first = { sql: 'select $1::int + 1 as n', params: [41] };
    const failing = { sql: 'select 1 / $1::int as n', params: [0] };
    for (let i = 0; i < 3; i++) {
      const err = await ctx.db.batch([first, failing]).then(
        () => null,
        (e: { code?: string }) => e,
      );
      expect(err?.code).toBe('22012');
    }
    const [a, b] = await ctx.db.batch([first, { sql: failing.sql, params: [1] }]);
    expect(a!.rows).toEqual([{ n: 42 }]);
    expect(b!.rows).toEqual([{ n: 1 }]);
  });

  if (ctx.engine === 'postgres') {
    it('a batch and a single query share the connection’s prepared statements', async () => {
      const one = await freshDatabase('postgres', { max: 1 });
      try {
        const sql = 'select $1::text as v';
        await one.db.query(sql, ['single']);
        const [r] = await one.db.batch([{ sql, params: ['batch'] }]);
        expect(r!.rows).toEqual([{ v: 'batch' }]);
        expect((await one.db.query(sql, ['again'])).rows).toEqual([{ v: 'again' }]);
        const { rows } = await one.db.query<{ statement: string }>(
          'select statement from pg_prepared_statements where $1::int = 1',
          [1],
        );
        expect(rows.filter((r) => r.statement === sql)).toHaveLength(1);
      } finally {
        await one.close();
      }
    });
  }
});
