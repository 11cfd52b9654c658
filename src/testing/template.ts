import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import { migrate } from '../migrations/runner.ts';
import { seedDemo } from '../seed/demo.ts';

/**
 * Templates are built once per test run: migrated and seeded, then cloned for each test file
 * (PGlite: dumpDataDir/loadDataDir; server: CREATE DATABASE … TEMPLATE). Every database this run
 * creates carries its prefix and is dropped at the end.
 */
export interface TemplateInfo {
  /** The engines each database test runs on (describeEngines declares one block per engine). */
  engines: ('pglite' | 'postgres')[];
  pgliteTarball: string;
  /** A freshly initialised PGlite with nothing applied, for tests that start from an empty database. */
  pgliteEmptyTarball: string;
  postgres?: { adminUrl: string; template: string; prefix: string };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function buildTemplates(serverUrl: string | undefined): Promise<TemplateInfo> {
  const dir = path.join(os.tmpdir(), `palisade-test-${process.pid}-${randomBytes(3).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const lite = await openPglite({});
  const emptyTarball = path.join(dir, 'empty.tar');
  writeFileSync(emptyTarball, Buffer.from(await (await lite.dump()).arrayBuffer()));
  await migrate(lite);
  await seedDemo(lite);
  const tarball = path.join(dir, 'template.tar');
  writeFileSync(tarball, Buffer.from(await (await lite.dump()).arrayBuffer()));
  await lite.close();

  const info: TemplateInfo = {
    engines: serverUrl ? ['pglite', 'postgres'] : ['pglite'],
    pgliteTarball: tarball,
    pgliteEmptyTarball: emptyTarball,
  };
  if (serverUrl) info.postgres = await buildServerTemplate(serverUrl);
  return info;
}

/** A migrated, seeded template database on the server; `prefix` names it and every clone of it. */
export async function buildServerTemplate(
  serverUrl: string,
  prefix = `palisade_t${Date.now().toString(36)}${randomBytes(2).toString('hex')}`,
): Promise<NonNullable<TemplateInfo['postgres']>> {
  const template = `${prefix}_template`;
  await adminQuery(serverUrl, `create database ${template}`);
  const db = openPostgres({ url: withDatabase(serverUrl, template), max: 1 });
  try {
    await migrate(db);
    await seedDemo(db);
  } finally {
    await db.close(); // a template must have no connections when it is cloned
  }
  return { adminUrl: serverUrl, template, prefix };
}

export async function adminQuery(url: string, sql: string, params?: unknown[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // palisade-lint: constant-sql test and bench tooling: CREATE/DROP DATABASE and ROLE take no bind parameters; callers pass constants or names they generate (randomBytes, Date.now)
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

export async function dropTemplates(info: TemplateInfo) {
  if (info.pgliteTarball) rmSync(path.dirname(info.pgliteTarball), { recursive: true, force: true });
  if (!info.postgres) return;
  const { rows } = await adminQuery(info.postgres.adminUrl, `select datname from pg_database where datname like $1`, [
    `${info.postgres.prefix}%`,
  ]);
  for (const r of rows as { datname: string }[]) {
    await adminQuery(info.postgres.adminUrl, `drop database if exists ${r.datname} with (force)`);
  }
}
