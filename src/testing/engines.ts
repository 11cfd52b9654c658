import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import type { Database } from '../db/types.ts';
import { adminQuery, withDatabase } from './template.ts';

export type EngineName = 'pglite' | 'postgres';

export function engines(): EngineName[] {
  return inject('templates').engines;
}

export interface FreshDatabase {
  db: Database;
  engine: EngineName;
  /** Server only: a URL for the fresh database (for CLI subprocesses and raw pg clients). */
  url?: string;
  close(): Promise<void>;
}

/** A private copy of the migrated, seeded template: about a second on either engine. */
export async function freshDatabase(engine: EngineName, opts: { max?: number } = {}): Promise<FreshDatabase> {
  const t = inject('templates');
  if (engine === 'pglite') {
    const db = await openPglite({ loadDataDir: new Blob([readFileSync(t.pgliteTarball)]) });
    return { db, engine, close: () => db.close() };
  }
  const pgInfo = t.postgres;
  if (!pgInfo) throw new Error('no PostgreSQL server configured (TEST_DATABASE_URL)');
  const name = `${pgInfo.prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(pgInfo.adminUrl, `create database ${name} template ${pgInfo.template}`);
  const url = withDatabase(pgInfo.adminUrl, name);
  const db = openPostgres({ url, max: opts.max ?? 4 });
  return {
    db,
    engine,
    url,
    async close() {
      await db.close();
      await adminQuery(pgInfo.adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * Declares the same tests once per engine, each block on its own fresh database.
 * Usage: describeEngines('tenancy RPCs', (ctx) => { it('…', async () => { await ctx.db.query(…) }) })
 */
export function describeEngines(
  title: string,
  body: (ctx: { readonly db: Database; readonly engine: EngineName; readonly url: string | undefined }) => void,
) {
  for (const engine of engines()) {
    describe(`${title} [${engine}]`, () => {
      let fresh: FreshDatabase | undefined;
      const ctx = {
        get db() {
          if (!fresh) throw new Error('database not ready: use ctx.db inside tests or hooks');
          return fresh.db;
        },
        engine,
        get url() {
          return fresh?.url;
        },
      };
      beforeAll(async () => {
        fresh = await freshDatabase(engine);
      }, 60_000);
      afterAll(async () => {
        await fresh?.close();
      });
      body(ctx);
    });
  }
}
