import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPglite } from '../db/pglite.ts';
import type { Database } from '../db/types.ts';
import { migrate } from '../migrations/runner.ts';
import { dumpSchema } from '../migrations/schema-dump.ts';
import { freshDatabase } from '../testing/engines.ts';
import { tempDirs } from '../testing/files.ts';
import { copyImage, currentImage, currentManifest, firstStartImage, IMAGE_DIR, type Image } from './first-start.ts';
import { DEMO } from './ids.ts';

/*
 * The first-start image (src/seed/first-start.ts) is the embedded engine's own: the server engine
 * never uses it, so these tests run on PGlite only. The image under test is the one in dist/, which
 * the test setup builds from this checkout (src/testing/build-dist.ts).
 */
const tmp = tempDirs('palisade-first-start-');

const current = (): Image => {
  const t = currentImage();
  if ('reason' in t) throw new Error(t.reason);
  return t;
};
const image = () => current().dataDir;

/** Row count of every table outside the system schemas, by qualified name. */
async function rowCounts(db: Database): Promise<Record<string, number>> {
  const { rows } = await db.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_'
      order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    // palisade-lint: constant-sql test helper: the names come from pg_class through format('%I'), never from input
    const r = await db.query<{ n: number }>(`select count(*)::int as n from ${name}`);
    counts[name] = r.rows[0]!.n;
  }
  return counts;
}

describe('the first-start image of the embedded engine', () => {
  it('is current: built from this checkout’s migrations by this PGlite', () => {
    expect(current().dataDir).toBe(path.join(IMAGE_DIR, 'data'));
    expect(current().directories).toEqual(expect.arrayContaining(['base', 'pg_tblspc', 'pg_wal']));
  });

  it('a data dir copied from it holds what initdb, the migrations and the demo seed make: the same schema, the same rows per table, nothing pending', async () => {
    const dir = path.join(tmp(), 'data');
    const copy = await openPglite({ dataDir: dir, firstStart: firstStartImage() });
    const fresh = await freshDatabase('pglite');
    try {
      expect(copy.origin).toBe('image');
      expect(await migrate(copy)).toEqual([]);
      expect(await dumpSchema(copy)).toBe(await dumpSchema(fresh.db));
      const counts = await rowCounts(copy);
      expect(counts).toEqual(await rowCounts(fresh.db));
      expect(counts['public.organisations'], 'the demo organisations are in it').toBeGreaterThan(0);
    } finally {
      await copy.close();
      await fresh.close();
    }
  }, 60_000);

  it('holds nothing of an installation: no stored secret, no signed anchor, no key file, no lock', async () => {
    expect(readdirSync(image()).filter((f) => f.startsWith('palisade'))).toEqual([]);
    const dir = path.join(tmp(), 'data');
    cpSync(image(), dir, { recursive: true });
    const db = await openPglite({ dataDir: dir });
    try {
      const one = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0]!.n;
      expect(await one('select count(*)::int as n from palisade_vault.secrets')).toBe(0);
      expect(await one('select count(*)::int as n from palisade_audit.anchors')).toBe(0);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('is readable by every account, and each copy is private to its owner once opened', async () => {
    expect(statSync(image()).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(image(), 'PG_VERSION')).mode & 0o777).toBe(0o644);
    const dir = path.join(tmp(), 'data');
    const db = await openPglite({ dataDir: dir, firstStart: firstStartImage() });
    await db.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'PG_VERSION')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'base')).mode & 0o777).toBe(0o700);
  }, 60_000);

  it('is never copied over a data dir that holds a database', async () => {
    const dir = path.join(tmp(), 'data');
    const first = await openPglite({ dataDir: dir, firstStart: firstStartImage() });
    await first.query(`update public.organisations set name = 'kept' where id = $1`, [DEMO.orgs.a.id]);
    await first.close();
    const again = await openPglite({
      dataDir: dir,
      firstStart: () => {
        throw new Error('asked for the image although the data dir holds a database');
      },
    });
    try {
      expect(again.origin).toBe('existing');
      const { rows } = await again.query<{ name: string }>('select name from public.organisations where id = $1', [
        DEMO.orgs.a.id,
      ]);
      expect(rows).toEqual([{ name: 'kept' }]);
    } finally {
      await again.close();
    }
  }, 60_000);

  it('works from a package that dropped its empty folders: the copy makes them from the manifest, and only inside the data dir', async () => {
    const packed = path.join(tmp(), 'data');
    cpSync(image(), packed, { recursive: true });
    const dropEmpty = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) dropEmpty(path.join(d, e.name));
      if (readdirSync(d).length === 0) rmSync(d, { recursive: true });
    };
    dropEmpty(packed);
    expect(existsSync(path.join(packed, 'pg_tblspc')), 'the image has empty folders to drop').toBe(false);
    const dir = path.join(tmp(), 'data');
    mkdirSync(dir);
    copyImage({ dataDir: packed, directories: current().directories }, dir);
    const db = await openPglite({ dataDir: dir });
    try {
      expect(db.origin).toBe('existing');
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from public.organisations');
      expect(rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
    const target = path.join(tmp(), 'data');
    mkdirSync(target);
    expect(() => copyImage({ dataDir: packed, directories: ['../outside'] }, target)).toThrow(
      '../outside: not a folder inside the data dir',
    );
    expect(existsSync(path.join(target, '..', 'outside'))).toBe(false);
    expect(existsSync(path.join(target, 'PG_VERSION')), 'a refused copy is no database').toBe(false);
  }, 60_000);

  it('is not used when it was built from other migrations or by another PGlite, or is missing or unreadable: each says why', () => {
    const at = (manifest: unknown) => {
      const dir = tmp();
      mkdirSync(path.join(dir, 'data'));
      writeFileSync(path.join(dir, 'data', 'PG_VERSION'), '17\n');
      writeFileSync(
        path.join(dir, 'manifest.json'),
        typeof manifest === 'string' ? manifest : JSON.stringify(manifest),
      );
      return currentImage(dir);
    };
    const now = currentManifest();
    expect(at(now)).toHaveProperty('dataDir');
    expect(at({ ...now, migrations: '0'.repeat(64) })).toEqual({
      reason: expect.stringMatching(/predates the migrations \(`npm run build` makes it again\)$/),
    });
    expect(at({ ...now, pglite: '0.0.1' })).toEqual({ reason: expect.stringMatching(/built by another version/) });
    expect(at({ ...now, seed: 'none' })).toEqual({ reason: expect.stringMatching(/built by another version/) });
    expect(at('{not json')).toEqual({ reason: expect.stringMatching(/is not JSON/) });
    expect(currentImage(tmp())).toEqual({
      reason: expect.stringMatching(/no first-start image in .*`npm run build` makes one/),
    });
  });
});
