import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../db/types.ts';

/** Test helpers of the integration foundation (no tests here). */

/** A credential value that appears nowhere by accident, to grep for. */
export const plantedSecret = () => `planted-${randomUUID()}`;

/** The forms a leaked secret could take in a dump: as is, hex (bytea output), base64. */
export function leakForms(secret: string): string[] {
  const b = Buffer.from(secret, 'utf8');
  return [secret, b.toString('hex'), b.toString('base64')];
}

export function hasPgDump(): boolean {
  try {
    execFileSync('pg_dump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Every row of every table in every schema, as text, read as the owner (superuser in tests). */
async function sqlDump(db: Database): Promise<string> {
  const { rows: tables } = await db.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'`,
  );
  const out: string[] = [];
  for (const t of tables) {
    // palisade-lint: constant-sql table names read from the catalog, quoted by format('%I.%I')
    const { rows } = await db.query<{ r: string }>(`select to_jsonb(x)::text as r from ${t.name} x`);
    out.push(`-- ${t.name}`, ...rows.map((r) => r.r));
  }
  return out.join('\n');
}

/**
 * What an attacker holding a backup would hold. On a server: pg_dump of the whole database (and
 * the SQL row dump). On PGlite: the SQL row dump plus the raw data directory (pages, WAL).
 */
export async function dumpDatabase(db: Database, url: string | undefined): Promise<{ text: string; tool: string }> {
  const parts = [await sqlDump(db)];
  let tool = 'SQL row dump';
  if (db.kind === 'postgres' && url && hasPgDump()) {
    parts.push(execFileSync('pg_dump', ['--no-owner', url], { maxBuffer: 256 << 20 }).toString('utf8'));
    tool += ' + pg_dump';
  }
  const raw = (db as Database & { dump?: () => Promise<Blob> }).dump;
  if (db.kind === 'pglite' && raw) {
    parts.push(Buffer.from(await (await raw.call(db)).arrayBuffer()).toString('latin1'));
    tool += ' + raw data dir';
  }
  return { text: parts.join('\n'), tool };
}

export interface FakeSystem {
  url: string;
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

/** A local HTTP server playing an external system; `handle` answers each request. */
export async function fakeSystem(
  handle: (
    req: { method: string; url: string; headers: IncomingMessage['headers']; body: string },
    res: ServerResponse,
  ) => void,
): Promise<FakeSystem> {
  const requests: FakeSystem['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(r);
      handle(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
