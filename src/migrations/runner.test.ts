import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import type { Database } from '../db/types.ts';
import { describeEngines, engines } from '../testing/engines.ts';
import { adminQuery, withDatabase } from '../testing/template.ts';
import { loadMigrations, MigrationError, migrate, migrationStatus } from './runner.ts';

/** An empty database (not the seeded template): these tests start from nothing. */
async function emptyDatabase(engine: string): Promise<{ db: Database; url?: string; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const db = await openPglite({ loadDataDir: new Blob([readFileSync(inject('templates').pgliteEmptyTarball)]) });
    return { db, drop: () => db.close() };
  }
  const pgInfo = inject('templates').postgres!;
  const name = `${pgInfo.prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(pgInfo.adminUrl, `create database ${name}`);
  const url = withDatabase(pgInfo.adminUrl, name);
  const db = openPostgres({ url, max: 4 });
  return {
    db,
    url,
    drop: async () => {
      await db.close();
      await adminQuery(pgInfo.adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

for (const engine of engines()) {
  it(`[${engine}] migrations apply once in order, and a second run applies nothing`, async () => {
    const { db, drop } = await emptyDatabase(engine);
    try {
      const files = loadMigrations();
      const first = await migrate(db);
      expect(first.map((m) => m.name)).toEqual(files.map((m) => m.name));
      expect(await migrate(db)).toEqual([]);
      const status = await migrationStatus(db);
      expect(status.pending).toEqual([]);
      expect(status.applied).toHaveLength(files.length);
    } finally {
      await drop();
    }
  }, 60_000);

  it(`[${engine}] every migration is idempotent SQL: re-running each file on a migrated database succeeds`, async () => {
    const { db, drop } = await emptyDatabase(engine);
    try {
      await migrate(db);
      const notRerunnable: string[] = [];
      for (const m of loadMigrations()) {
        // palisade-lint: constant-sql the package's migration files, as the runner applies them
        await db
          .transaction(async (tx) => tx.exec(m.sql))
          .catch((e: Error) => notRerunnable.push(`${m.module}/sql/${m.name}: ${e.message}`));
      }
      expect(notRerunnable).toEqual([]);
    } finally {
      await drop();
    }
  }, 60_000);

  // Before 1.0 the baseline is edited in place: a database whose applied set differs is recreated,
  // and the one sentence says so, with the way to do it on this engine.
  const recreate =
    engine === 'pglite'
      ? /pre-1\.0 schemas are not upgraded in place: run `palisade reset` to delete the embedded data dir \(and its data\), then `palisade migrate`\.$/
      : /pre-1\.0 schemas are not upgraded in place: drop and recreate the database \(its data goes with it\), then run `palisade migrate`\.$/;

  it(`[${engine}] an applied migration that was edited is refused, naming the file and how to recreate the database`, async () => {
    const { db, drop } = await emptyDatabase(engine);
    try {
      const files = loadMigrations();
      await migrate(db, { files: files.slice(0, 3) });
      const edited = files.map((f, i) =>
        i === 1 ? { ...f, sql: `${f.sql}\n-- edited`, checksum: 'f'.repeat(64) } : f,
      );
      const err = await migrate(db, { files: edited }).then(
        () => null,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(MigrationError);
      expect(err!.message).toMatch(
        /holds a pre-1\.0 Palisade schema that has since changed \(core\/sql\/0002_auth_compat\.sql changed after it was applied \(checksum [0-9a-f]{12} → f{12}\)\)/,
      );
      expect(err!.message).toMatch(recreate);
      expect(err!.message.split('\n')).toHaveLength(1);
      // Nothing was applied past the refusal.
      expect((await migrationStatus(db, files.slice(0, 3))).applied).toHaveLength(3);
      await expect(migrationStatus(db, edited)).rejects.toThrow(recreate);
    } finally {
      await drop();
    }
  }, 60_000);

  it(`[${engine}] a database holding a migration this code does not have is refused, naming it and how to recreate the database`, async () => {
    const { db, drop } = await emptyDatabase(engine);
    try {
      const files = loadMigrations();
      await migrate(db, { files: files.slice(0, 2) });
      // A name from the pre-baseline chain, as a data dir made before the fold holds.
      await db.query(`insert into palisade_meta.migrations (name, checksum) values ('0013_workspaces.sql', 'x')`);
      const err = await migrate(db, { files }).then(
        () => null,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(MigrationError);
      expect(err!.message).toMatch(
        /holds a pre-1\.0 Palisade schema that has since changed \(it has migration 0013_workspaces\.sql, which this code does not have\)/,
      );
      expect(err!.message).toMatch(recreate);
      await expect(migrationStatus(db, files)).rejects.toThrow(recreate);
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from palisade_meta.migrations');
      expect(rows[0]!.n).toBe(3);
    } finally {
      await drop();
    }
  }, 60_000);

  it(`[${engine}] a failing migration is rolled back whole and not recorded`, async () => {
    const { db, drop } = await emptyDatabase(engine);
    try {
      const bad = {
        name: '0001_bad.sql',
        module: 'test',
        sql: 'create table half_done (id int); select 1/0;',
        checksum: 'b'.repeat(64),
      };
      await expect(migrate(db, { files: [bad] })).rejects.toThrow(
        /0001_bad\.sql failed and was rolled back: division by zero/,
      );
      const { rows } = await db.query<{ t: string | null; n: number }>(
        `select to_regclass('public.half_done')::text as t, (select count(*)::int from palisade_meta.migrations) as n`,
      );
      expect(rows[0]).toEqual({ t: null, n: 0 });
    } finally {
      await drop();
    }
  }, 60_000);
}

if (engines().includes('postgres')) {
  it('[postgres] concurrent migrate runs on one server do not interleave: each file is applied exactly once', async () => {
    const { db, url, drop } = await emptyDatabase('postgres');
    const others = [
      openPostgres({ url: url!, max: 2 }),
      openPostgres({ url: url!, max: 2 }),
      openPostgres({ url: url!, max: 2 }),
    ];
    try {
      const results = await Promise.all([db, ...others].map((d) => migrate(d)));
      const appliedNames = results.flat().map((m) => m.name);
      expect(appliedNames.sort()).toEqual(
        loadMigrations()
          .map((m) => m.name)
          .sort(),
      );
      expect(await migrate(db)).toEqual([]);
    } finally {
      await Promise.all(others.map((o) => o.close()));
      await drop();
    }
  }, 60_000);
}

const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/palisade.js', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });

// The CLI on a server database: one block, on the server engine only (it needs a database URL).
describeEngines('palisade CLI on a server database', (ctx) => {
  it.skipIf(ctx.engine !== 'postgres')(
    'migrate and seed --demo succeed twice, the second migrate applying nothing; bad usage exits 2 (server engine only: it needs a database URL)',
    async () => {
      const env = { DATABASE_URL: ctx.url! };
      const first = cli(['migrate'], env);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/Nothing to apply/); // the template was already migrated
      const seed = cli(['seed', '--demo'], env);
      expect(seed.status, seed.stderr).toBe(0);
      expect(seed.stdout).toContain('owner@acme.test');
      expect(cli(['seed'], env).status).toBe(2);
      expect(cli(['migrate', '--bogus'], env).status).toBe(2);
      expect(cli(['migrate'], { DATABASE_URL: 'mysql://nope' }).status).toBe(2);
    },
    120_000, // five CLI processes, each opening the database
  );
});

// The CLI on an embedded data dir: needs no test database, so it runs once, whatever the engines.
describe('palisade CLI on an embedded data dir', () => {
  it('on an empty embedded data dir, migrate applies everything, then nothing, and seed --demo is idempotent', async () => {
    const dir = `${process.cwd()}/.tmp/cli-${randomBytes(4).toString('hex')}`;
    const env = { PALISADE_DATA_DIR: dir, DATABASE_URL: '' };
    try {
      const first = cli(['migrate'], env);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/Applied \d+ migration\(s\)/);
      const second = cli(['migrate'], env);
      expect(second.stdout).toMatch(/Nothing to apply/);
      for (let i = 0; i < 2; i++) {
        const seed = cli(['seed', '--demo'], env);
        expect(seed.status, seed.stderr).toBe(0);
        expect(seed.stdout).toContain('viewer@globex.test');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
