import { ConfigError } from '../config/error.ts';
import { redactUrl } from '../config/index.ts';
import { openPostgres } from '../db/postgres.ts';
import type { Queryable } from '../db/types.ts';
import { writeArchive } from './archive.ts';
import {
  appliedMigrations,
  loginRole,
  ownerNeeded,
  type Phase,
  palisadeVersion,
  rowCounts,
  serverVersion,
  vaultKeyIds,
} from './inventory.ts';
import { ENTRIES, type Manifest } from './manifest.ts';
import { connection, majorOf, type PgTool, pgTool, runTool } from './pg-tools.ts';
import { chooseSchemas } from './schemas.ts';

export interface ServerBackupOptions {
  pgBin?: string;
  phase?: Phase;
}

function requireDumpCanRead(tool: PgTool, server: { version: string; versionNum: number }) {
  const major = majorOf(server.versionNum);
  if (tool.major < major) {
    throw new ConfigError(
      `${tool.name} ${tool.version} cannot dump a PostgreSQL ${server.version} server (pg_dump refuses a newer major version): install the PostgreSQL ${major} client tools (or newer) and put them on PATH, or give --pg-bin (e.g. /usr/lib/postgresql/${major}/bin).`,
    );
  }
}

/**
 * pg_dump (custom format) of Palisade's schemas, with the manifest's facts read in the very
 * snapshot pg_dump dumps: this session exports it (repeatable read) and pg_dump imports it, so
 * the row counts are the dump's even while the server keeps taking writes.
 */
export async function backupServer(url: string, out: string, opts: ServerBackupOptions = {}): Promise<Manifest> {
  const phase = opts.phase ?? (() => () => {});
  const db = openPostgres({ url, max: 1, applicationName: 'palisade backup' });
  try {
    const server = await serverVersion(db);
    const tool = pgTool('pg_dump', opts.pgBin);
    requireDumpCanRead(tool, server);
    return await db.session(async (s) => {
      await s.exec('begin isolation level repeatable read, read only');
      try {
        return await dumpInSnapshot(s, { url, out, tool, server, phase });
      } catch (err) {
        throw ownerNeeded(err);
      } finally {
        await s.exec('rollback').catch(() => {});
      }
    });
  } finally {
    await db.close();
  }
}

interface DumpContext {
  url: string;
  out: string;
  tool: PgTool;
  server: { version: string; versionNum: number };
  phase: Phase;
}

async function dumpInSnapshot(s: Queryable, { url, out, tool, server, phase }: DumpContext): Promise<Manifest> {
  const createdAt = new Date();
  const { rows } = await s.query<{ id: string }>('select pg_catalog.pg_export_snapshot() as id');
  await s.exec('set local row_security = off');
  const migrations = await appliedMigrations(s);
  const { schemas, excluded } = await chooseSchemas(s);
  const tables = await rowCounts(s, schemas, phase('counting rows'));
  const facts = {
    engine: 'postgres' as const,
    palisadeVersion: palisadeVersion(),
    postgres: { ...server, pgDump: tool.version },
    source: redactUrl(url),
    schemas,
    excluded,
    loginRole: await loginRole(s),
    migrations,
    tables,
    vault: await vaultKeyIds(s),
  };
  const { dbname, env } = connection(url);
  const dumping = phase('dumping');
  const total = Object.keys(tables).length;
  let dumped = 0;
  const run = runTool(
    tool,
    [
      '--format=custom',
      '--no-password',
      `--snapshot=${rows[0]!.id}`,
      ...schemas.flatMap((n) => ['--schema', n]),
      '--verbose',
      '--dbname',
      dbname,
    ],
    {
      env,
      onLine: (line) => {
        if (/dumping contents of table/.test(line)) dumping(Math.min(++dumped, total), total);
      },
    },
  );
  // The archive is renamed into place only once pg_dump has exited 0.
  async function* output() {
    for await (const chunk of run.stdout) yield chunk as Buffer;
    await run.done;
  }
  return writeArchive(out, { entry: ENTRIES.serverDump, format: 'pg_dump-custom', data: output() }, facts, createdAt);
}
