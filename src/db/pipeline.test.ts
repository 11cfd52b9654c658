import { expect, it } from 'vitest';
import { describeEngines } from '../testing/engines.ts';

describeEngines('Database.batch (one round trip on the server)', (ctx) => {
  it('returns one result per statement, in order, statements without rows included', async () => {
    const results = await ctx.db.batch([
      { sql: "select set_config('palisade.batch_test', $1, true) as v", params: ['one'] },
      { sql: 'create temporary table if not exists batch_probe (n int) on commit drop' },
      { sql: "select current_setting('palisade.batch_test', true) as v, $1::int + 1 as n", params: [41] },
    ]);
    expect(results).toHaveLength(3);
    expect(results[0]!.rows).toEqual([{ v: 'one' }]);
    expect(results[1]!.rows).toEqual([]);
    expect(results[2]!.rows).toEqual([{ v: 'one', n: 42 }]);
  });

  it('settings made with set_config(…, true) hold for the later statements and are gone afterwards', async () => {
    await ctx.db.batch([{ sql: "select set_config('request.jwt.claims', $1, true)", params: ['{"sub":"x"}'] }]);
    const { rows } = await ctx.db.query<{ v: string | null }>(
      "select nullif(current_setting('request.jwt.claims', true), '') as v",
    );
    expect(rows[0]!.v).toBeNull();
  });

  it('is all or nothing: a failing statement undoes the ones before it and reports its own error', async () => {
    await ctx.db.query('create table if not exists public.batch_atomic (n int primary key)');
    const err = await ctx.db
      .batch([
        { sql: 'insert into public.batch_atomic (n) values ($1)', params: [1] },
        { sql: 'select 1 / $1::int', params: [0] },
        { sql: 'insert into public.batch_atomic (n) values ($1)', params: [2] },
      ])
      .then(
        () => null,
        (e: { code?: string }) => e,
      );
    expect(err?.code).toBe('22012');
    expect((await ctx.db.query('select n from public.batch_atomic')).rows).toEqual([]);
    // The connection is usable afterwards.
    expect((await ctx.db.batch([{ sql: 'select 2 as v' }]))[0]!.rows).toEqual([{ v: 2 }]);
    await ctx.db.query('drop table public.batch_atomic');
  });

  it('maps parameters as single queries do (null, Date, bytes, arrays, JSON)', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const [r] = await ctx.db.batch([
      {
        sql: "select $1::text is null as a, $2::timestamptz = $6::timestamptz as b, $3::bytea = '\\x0102ff'::bytea as c, $4::uuid[] as d, ($5::jsonb ->> $7) as e",
        params: [
          null,
          at,
          Buffer.from([1, 2, 255]),
          ['00000000-0000-0000-0000-000000000001'],
          JSON.stringify({ k: 'v' }),
          '2026-01-02T03:04:05.678Z',
          'k',
        ],
      },
    ]);
    expect(r!.rows).toEqual([{ a: true, b: true, c: true, d: ['00000000-0000-0000-0000-000000000001'], e: 'v' }]);
  });
});

describeEngines('Database.transaction with a prelude of statements', (ctx) => {
  it('runs the prelude right after BEGIN, before the first statement, in the same transaction', async () => {
    const v = await ctx.db.transaction(
      async (tx) =>
        (await tx.query<{ v: string }>("select current_setting('palisade.prelude_test', true) as v")).rows[0]!.v,
      [{ sql: "select set_config('palisade.prelude_test', $1, true)", params: ['set-by-prelude'] }],
    );
    expect(v).toBe('set-by-prelude');
  });

  it('a failing prelude stops the transaction before its statements, and nothing is kept', async () => {
    await ctx.db.query('create table if not exists public.prelude_atomic (n int)');
    const err = await ctx.db
      .transaction(
        async (tx) => {
          await tx.query('insert into public.prelude_atomic values (1)');
        },
        [{ sql: 'select 1 / $1::int', params: [0] }],
      )
      .then(
        () => null,
        (e: { code?: string }) => e,
      );
    expect(err?.code).toBe('22012');
    expect((await ctx.db.query('select n from public.prelude_atomic')).rows).toEqual([]);
    await ctx.db.query('drop table public.prelude_atomic');
  });

  it('when the work fails before its first statement, the prelude still runs and its refusal wins', async () => {
    const err = await ctx.db
      .transaction(async () => {
        throw new Error('the handler gave up early');
      }, [{ sql: 'select 1 / $1::int', params: [0] }])
      .then(
        () => null,
        (e: { code?: string; message?: string }) => e,
      );
    expect(err?.code).toBe('22012');
  });
});
