import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLocation } from '../lint/rules.ts';
import { lintSqlText } from '../lint/sql-text/index.ts';
import { DEMO } from '../seed/ids.ts';
import { STANDARD_PARAMS, SWEEP_PROBES } from '../server/sweep-probes.ts';
import { bearer, json, userToken, useServer } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { openPostgres } from './postgres.ts';
import type { Database, Queryable, Statement } from './types.ts';

/**
 * The class "no client-derived text in SQL text": every value a request carries reaches the
 * database as a bind parameter, and the server's sessions pin standard_conforming_strings = on.
 * Proven twice: statically, by palisade lint's PAL011 over the whole source tree, and at run time,
 * by a recording database that sees every SQL text the server sends over every route.
 */

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;

const src = fileURLToPath(new URL('..', import.meta.url));
const root = path.dirname(src);

describe('no client-derived text in SQL text: the source (palisade lint PAL011)', () => {
  it('every call in src/ that sends SQL text sends a compile-time constant, or text a reviewed constant-sql comment accepts', async () => {
    const r = await lintSqlText([src], root);
    expect(r.findings.map((f) => `${formatLocation(f.location)} ${f.message}`)).toEqual([]);
    expect(r.calls).toBeGreaterThan(500);
    // Every acceptance is listed here, so a new one is a reviewed change to this file.
    expect(r.notices.map((n) => ('file' in n.location ? n.location.file : '')).sort()).toEqual([
      'src/audit/encoder.test.ts',
      'src/backup/inventory.ts',
      'src/backup/server-restore.ts',
      'src/backup/server-restore.ts',
      'src/backup/server-restore.ts',
      'src/backup/server.test.ts',
      'src/backup/server.test.ts',
      'src/backup/server.test.ts',
      'src/backup/server.test.ts',
      'src/connections/oauth2/leaks.test.ts',
      'src/db/pipeline.ts',
      'src/db/pipeline.ts',
      'src/http/inputs.test.ts',
      'src/http/names.test.ts',
      'src/integrations/testing.ts',
      'src/jobs/boss-db.ts',
      'src/jobs/boss-db.ts',
      'src/migrations/runner.test.ts',
      'src/migrations/runner.ts',
      'src/personas/check.ts',
      'src/personas/mutate-sql.ts',
      'src/seed/first-start.test.ts',
      'src/server/logging.test.ts',
      'src/supabase/supabase.test.ts',
      'src/supabase/supabase.test.ts',
      'src/supabase/supabase.test.ts',
      'src/supabase/supabase.test.ts',
      'src/testing/template.ts',
    ]);
  }, 120_000);
});

/** A Database that records every SQL text it is given (statements, scripts, batches, BEGIN preludes). */
function recording(db: Database, texts: string[]): Database {
  const wrap = (q: Queryable): Queryable => ({
    query(sql, params) {
      texts.push(sql);
      return q.query(sql, params);
    },
    exec(sql) {
      texts.push(sql);
      return q.exec(sql);
    },
  });
  const note = (statements: Statement[] | undefined) => {
    for (const s of statements ?? []) texts.push(s.sql);
  };
  return {
    ...db,
    ...wrap(db),
    kind: db.kind,
    location: db.location,
    transaction(fn, begin) {
      note(begin);
      return db.transaction((tx) => fn(wrap(tx)), begin);
    },
    batch(statements) {
      note(statements);
      return db.batch(statements);
    },
    session(fn) {
      return db.session((s) => fn(wrap(s)));
    },
    close: () => db.close(),
  };
}

const MARKER = "zq\\'9x'); select 1; --";
/** The marker in every string of a probe body: each request carries it into every field it has. */
function laced(value: unknown): unknown {
  if (typeof value === 'string') return `${value}${MARKER}`;
  if (Array.isArray(value)) return value.map(laced);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, laced(v)]));
  return value;
}

describeEngines('no client-derived text in SQL text: every route, as a user and as an API key', (ctx) => {
  const texts: string[] = [];
  let recorded: Database | undefined;
  const server = useServer({
    get db() {
      recorded ??= recording(ctx.db, texts);
      return recorded;
    },
  });

  it('no SQL text the server sends contains the User-Agent or the body', async () => {
    const owner = bearer(await userToken(A.users.owner.id, { email: A.users.owner.email }));
    const minted = await server.inject({
      method: 'POST',
      url: `/v1/orgs/${A.id}/api-keys`,
      headers: owner,
      payload: { name: 'sql text', role: 'admin' },
    });
    expect(minted.statusCode).toBe(201);
    const credentials = [owner, { 'x-api-key': json(minted).key as string }];
    texts.length = 0;
    let sent = 0;
    for (const [key, probe] of Object.entries(SWEEP_PROBES)) {
      if (probe.scope === 'public' || probe.scope === 'admin') continue;
      const [method, path] = key.split(' ') as [string, string];
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
        String(probe.params?.(A)[name] ?? STANDARD_PARAMS[name]?.(A)),
      );
      for (const headers of credentials) {
        await server.inject({
          method: method as 'GET',
          // Not in the query string: an unknown query parameter is refused before any route runs (contract.test.ts).
          url,
          headers: { ...headers, 'user-agent': `agent ${MARKER}` },
          ...(probe.body ? { payload: laced(probe.body(A)) as object } : {}),
        });
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(40);
    expect(texts.length).toBeGreaterThan(sent);
    expect(texts.filter((t) => t.includes('zq'))).toEqual([]);
  });
});

describeEngines('User-Agent injection with standard_conforming_strings = off on the session', (ctx) => {
  // The server engine's pool, cut to one connection so the session setting below holds for every request.
  let db: Database | undefined;
  const server = useServer({
    get db() {
      db ??= ctx.engine === 'postgres' ? openPostgres({ url: ctx.url!, max: 1 }) : ctx.db;
      return db;
    },
  });
  afterAll(async () => {
    if (db && db !== ctx.db) await db.close();
  });

  it('a User-Agent of backslash, quote and SQL changes nothing and is stored verbatim', async () => {
    const owner = bearer(await userToken(A.users.owner.id, { email: A.users.owner.email }));
    const minted = await server.inject({
      method: 'POST',
      url: `/v1/orgs/${A.id}/api-keys`,
      headers: owner,
      payload: { name: 'ua injection', role: 'viewer' },
    });
    expect(minted.statusCode).toBe(201);
    const { key, api_key } = json(minted) as { key: string; api_key: { id: string } };
    const before = await ctx.db.query<{ name: string }>('select name from public.organisations where id = $1', [B.id]);
    const agent = `x\\', true); update public.organisations set name = $$pwned$$ where id = $$${B.id}$$; --`;
    await db!.exec('set standard_conforming_strings = off');
    try {
      const res = await server.inject({
        method: 'GET',
        url: `/v1/orgs/${A.id}`,
        headers: { 'x-api-key': key, 'user-agent': agent },
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await db!.exec('set standard_conforming_strings = on');
    }
    const after = await ctx.db.query<{ name: string }>('select name from public.organisations where id = $1', [B.id]);
    expect(after.rows[0]!.name).toBe(before.rows[0]!.name);
    const { rows } = await ctx.db.query<{ user_agent: string }>(
      `select user_agent from public.audit_log where org_id = $1 and action = 'api_key.used' and target_id = $2`,
      [A.id, api_key.id],
    );
    expect(rows.map((r) => r.user_agent)).toEqual([agent]);
  });
});

describeEngines('the server pins standard_conforming_strings = on for its sessions', (ctx) => {
  let off: Database | undefined;
  beforeAll(async () => {
    if (ctx.engine !== 'postgres') return;
    // The database's default for new sessions; a test database, dropped after the file.
    await ctx.db.query("select set_config('palisade.test_db', current_database(), false)");
    await ctx.db.exec(
      "do $$ begin execute format('alter database %I set standard_conforming_strings = off', current_setting('palisade.test_db')); end $$",
    );
  });
  afterAll(async () => {
    await off?.close();
  });

  it.skipIf(ctx.engine !== 'postgres')(
    'a connection opened by the server engine has it on although the database says off (server engine only: it is about the server connection)',
    async () => {
      const withOptions = new URL(ctx.url!);
      withOptions.searchParams.set('options', '-c statement_timeout=0');
      for (const url of [ctx.url!, withOptions.toString()]) {
        off = openPostgres({ url, max: 1 });
        const { rows } = await off.query<{ scs: string }>(
          "select current_setting('standard_conforming_strings') as scs",
        );
        expect(rows[0]!.scs).toBe('on');
        await off.close();
        off = undefined;
      }
    },
  );
});
