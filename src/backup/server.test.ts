/**
 * What only the server engine has: pg_dump's version against the server's, and a Supabase-shaped
 * database, where `auth` is not Palisade's and is left out of the backup.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConfigError } from '../config/error.ts';
import { openPostgres } from '../db/postgres.ts';
import { loadMigrations } from '../migrations/runner.ts';
import { type FreshDatabase, freshDatabase } from '../testing/engines.ts';
import { adminQuery, withDatabase } from '../testing/template.ts';
import { restore } from './restore.ts';
import { backupServer } from './server.ts';

const hasServer = Boolean(inject('templates').postgres);

describe.skipIf(!hasServer)('palisade backup on a PostgreSQL server (server engine only)', () => {
  let source: FreshDatabase;
  let tmp = '';
  const made: string[] = [];
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'palisade-backup-server-'));
    source = await freshDatabase('postgres');
  }, 60_000);
  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    await source?.close();
    for (const name of made)
      await adminQuery(inject('templates').postgres!.adminUrl, `drop database if exists ${name} with (force)`);
  });

  it('says which pg_dump is missing, and refuses one older than the server, naming both versions', async () => {
    await expect(
      backupServer(source.url!, path.join(tmp, 'a.tar'), { pgBin: path.join(tmp, 'nowhere') }),
    ).rejects.toThrow(
      new ConfigError(
        `pg_dump was not found in ${path.join(tmp, 'nowhere')}: install the PostgreSQL client tools of your server's major version (e.g. apt install postgresql-client-16) or give --pg-bin <folder holding pg_dump>.`,
      ),
    );
    const old = path.join(tmp, 'old-bin');
    rmSync(old, { recursive: true, force: true });
    mkdirSync(old);
    writeFileSync(path.join(old, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n');
    chmodSync(path.join(old, 'pg_dump'), 0o755);
    await expect(backupServer(source.url!, path.join(tmp, 'b.tar'), { pgBin: old })).rejects.toThrow(
      /^pg_dump 9\.6 cannot dump a PostgreSQL 1\d\.\d+ .*server .*install the PostgreSQL 1\d client tools/,
    );
  });

  it('refuses to back up as a role that cannot read every row, and says which role to use', async () => {
    const role = `palisade_bk_${randomBytes(3).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    const admin = inject('templates').postgres!.adminUrl;
    await adminQuery(admin, `create role ${role} login password '${password}'`);
    try {
      // palisade-lint: constant-sql test: GRANT takes no bind parameters; the role name is generated here
      await source.db.exec(
        `grant usage on schema palisade_meta to ${role}; grant select on palisade_meta.migrations to ${role}`,
      );
      const u = new URL(source.url!);
      u.username = role;
      u.password = password;
      await expect(backupServer(u.toString(), path.join(tmp, 'login.tar'))).rejects.toThrow(
        /^cannot read every row .*\(permission denied for .*\): connect as the role that owns Palisade's schema/,
      );
    } finally {
      // palisade-lint: constant-sql test: DROP OWNED takes no bind parameters; the role name is generated here
      await source.db.exec(`drop owned by ${role}`);
      await adminQuery(admin, `drop role ${role}`);
    }
  });

  it("leaves Supabase's auth out, and restores Palisade's trigger on auth.users where auth is Supabase's", async () => {
    // auth.users without Palisade's mark is GoTrue's: the migration then puts a trigger on it.
    const sync = loadMigrations().find((m) => m.name === '0031_auth_user_sync.sql')!;
    await source.db.exec(`comment on table auth.users is null`);
    // palisade-lint: constant-sql a migration file of this package (src/auth/sql, read by loadMigrations)
    await source.db.exec(sync.sql);
    const file = path.join(tmp, 'supabase.tar');
    const manifest = await backupServer(source.url!, file);
    expect(manifest.schemas).not.toContain('auth');
    expect(manifest.excluded.map((e) => e.what)).toContain('schema auth');
    expect(Object.keys(manifest.tables).some((t) => t.startsWith('auth.'))).toBe(false);

    // The target's auth is restored first, as a Supabase project's would be: GoTrue's users.
    const name = `palisade_restore_${Date.now().toString(36)}`;
    const admin = inject('templates').postgres!.adminUrl;
    await adminQuery(admin, `create database ${name}`);
    made.push(name);
    const url = withDatabase(admin, name);
    const target = openPostgres({ url, max: 1 });
    try {
      const compat = loadMigrations().find((m) => m.name === '0002_auth_compat.sql')!;
      // palisade-lint: constant-sql a migration file of this package (src/core/sql, read by loadMigrations)
      await target.exec(compat.sql);
      await target.exec(`comment on table auth.users is null`);
      const { rows } = await source.db.query<{ id: string; email: string | null }>('select id, email from auth.users');
      await target.query('insert into auth.users (id, email) select * from unnest($1::uuid[], $2::text[])', [
        rows.map((r) => r.id),
        rows.map((r) => r.email),
      ]);
      const report = await restore(file, { kind: 'postgres', url });
      expect(report).toMatchObject({ ok: true, counts: { differences: [] }, reapplied: ['0031_auth_user_sync.sql'] });
      const { rows: triggers } = await target.query<{ tgname: string }>(
        `select tgname from pg_trigger where tgrelid = 'auth.users'::regclass and not tgisinternal`,
      );
      expect(triggers).toEqual([{ tgname: 'palisade_profile_for_new_user' }]);
    } finally {
      await target.close();
    }
  }, 120_000);
});
