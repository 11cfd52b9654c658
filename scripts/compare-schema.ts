#!/usr/bin/env -S npx tsx
/**
 * Migrates two fresh databases on a PostgreSQL server, one with the SQL migrations of a git ref and
 * one with the working tree's, dumps both with pg_dump (schema, then data apart from the migration
 * ledger), normalises the dumps' order and diffs them. Exit 0 when they are equal, 1 when they
 * differ (the diff is printed), 2 on bad usage.
 *
 *   npx tsx scripts/compare-schema.ts --from fbcd221 [--url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * The databases are created with unique names and dropped afterwards; the normalised dumps are
 * left in .tmp/compare-schema/ for inspection. After 1.0 the same comparison checks that a fresh
 * database and one upgraded from the last release have the same catalog (docs/migrations.md).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgres } from '../src/db/postgres.ts';
import { loadMigrations, type Migration, migrate } from '../src/migrations/runner.ts';

function usage(message: string): never {
  console.error(
    `compare-schema: ${message}\nusage: npx tsx scripts/compare-schema.ts --from <git-ref> [--url <postgres admin url>]`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
let from: string | undefined;
let url =
  process.env.COMPARE_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--from') from = args[++i];
  else if (a === '--url') url = args[++i] ?? '';
  else if (a === '--help' || a === '-h') {
    console.log('usage: npx tsx scripts/compare-schema.ts --from <git-ref> [--url <postgres admin url>]');
    process.exit(0);
  } else usage(`unknown argument ${a}`);
}
if (!from) usage('--from <git-ref> is required');
if (!/^postgres(ql)?:\/\//.test(url)) usage('--url must be a postgres:// URL');

/** The migrations of `src/<module>/sql/*.sql` as they were at `ref`. */
function migrationsAt(ref: string): Migration[] {
  const files = execFileSync('git', ['ls-tree', '-r', '--name-only', ref, '--', 'src'], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => /^src\/[^/]+\/sql\/[^/]+\.sql$/.test(f));
  if (!files.length) usage(`no src/<module>/sql/*.sql at ${ref}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'palisade-compare-'));
  try {
    for (const f of files) {
      const target = path.join(dir, f);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, execFileSync('git', ['show', `${ref}:${f}`], { maxBuffer: 64 << 20 }));
    }
    return loadMigrations(path.join(dir, 'src'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function withDatabase(base: string, database: string): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function pgDump(dbUrl: string, extra: string[]): string {
  const r = spawnSync('pg_dump', ['--no-password', ...extra, dbUrl], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr || r.error}`);
  return r.stdout;
}

/**
 * pg_dump's order follows dependencies and object ids, which differ with the order objects were
 * created in; what they are does not. Each "-- Name: …" block is one object: blocks are sorted,
 * and within privilege blocks the GRANT/REVOKE lines are too (aclitem order is grant order).
 */
export function normaliseDump(dump: string): string {
  const body = dump
    .split('\n')
    .filter((l) => !/^-- Dumped (from|by) /.test(l) && !/^\\(un)?restrict /.test(l))
    .join('\n');
  const blocks = body.split(/\n(?=--\n-- (?:Name|Data for Name): )/);
  const head = blocks.shift() ?? '';
  const sorted = blocks
    .map((b) => {
      const text = b.trimEnd();
      if (!/; Type: (ACL|DEFAULT ACL);/.test(text.split('\n')[1] ?? '')) return text;
      const lines = text.split('\n');
      return [
        ...lines.slice(0, 4),
        ...lines
          .slice(4)
          .filter((l) => l.trim() !== '')
          .sort(),
      ].join('\n');
    })
    .sort();
  return [head.trimEnd(), ...sorted].join('\n\n') + '\n';
}

async function main() {
  const sides = { from: migrationsAt(from!), worktree: loadMigrations() };
  const tag = `palisade_cmp_${randomBytes(4).toString('hex')}`;
  const outDir = path.join('.tmp', 'compare-schema');
  mkdirSync(outDir, { recursive: true });
  const out: Record<string, { schema: string; data: string }> = {};
  for (const [side, files] of Object.entries(sides)) {
    const name = `${tag}_${side}`;
    await admin(`create database ${name}`);
    const dbUrl = withDatabase(url, name);
    try {
      const db = openPostgres({ url: dbUrl, max: 1 });
      try {
        await migrate(db, { files });
      } finally {
        await db.close();
      }
      out[side] = {
        schema: normaliseDump(pgDump(dbUrl, ['--schema-only'])),
        data: normaliseDump(pgDump(dbUrl, ['--data-only', '--exclude-table-data=palisade_meta.migrations'])),
      };
      writeFileSync(path.join(outDir, `${side}.schema.sql`), out[side]!.schema);
      writeFileSync(path.join(outDir, `${side}.data.sql`), out[side]!.data);
      console.log(`${side}: ${files.length} migration files applied to ${name}`);
    } finally {
      await admin(`drop database if exists ${name} with (force)`);
    }
  }
  let equal = true;
  for (const kind of ['schema', 'data'] as const) {
    const d = spawnSync(
      'diff',
      ['-u', path.join(outDir, `from.${kind}.sql`), path.join(outDir, `worktree.${kind}.sql`)],
      { encoding: 'utf8' },
    );
    if (d.status === 0) {
      console.log(`${kind}: equal (${out.from![kind].split('\n').length} normalised lines)`);
    } else {
      equal = false;
      console.log(`${kind}: DIFFERENT\n${d.stdout}`);
    }
  }
  console.log(equal ? `The schema of ${from} and of the working tree are the same.` : 'The schemas differ.');
  process.exit(equal ? 0 : 1);
}

await main();
