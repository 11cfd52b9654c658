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

/** A request as a fake system sees it: raw, plus the parts a handler usually checks, decoded. */
export interface FakeRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** The path alone, e.g. /oauth/token. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  /** The body read as a form (application/x-www-form-urlencoded); empty for any other content type. */
  form: URLSearchParams;
  /** The user and password of an `Authorization: Basic` header, decoded; undefined without one. */
  basic?: { user: string; password: string };
  /** The token of an `Authorization: Bearer` header; undefined without one. */
  bearer?: string;
}

export interface FakeSystem {
  /** Base URL, http://127.0.0.1:<port>: put it in the config's serviceUrl fields. */
  url: string;
  /** Every request received, in order. */
  requests: FakeRequest[];
  close(): Promise<void>;
}

function decode(method: string, url: string, headers: IncomingMessage['headers'], body: string): FakeRequest {
  const u = new URL(url, 'http://fake.invalid');
  const auth = headers.authorization ?? '';
  const form = /^application\/x-www-form-urlencoded\b/i.test(headers['content-type'] ?? '')
    ? new URLSearchParams(body)
    : new URLSearchParams();
  const req: FakeRequest = { method, url, path: u.pathname, query: u.searchParams, headers, body, form };
  const basic = /^Basic (.+)$/i.exec(auth);
  if (basic) {
    // RFC 6749 §2.3.1: each half is form-encoded before the pair is base64-encoded.
    const pair = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const at = pair.indexOf(':');
    const part = (s: string) => new URLSearchParams(`x=${s}`).get('x') ?? '';
    if (at >= 0) req.basic = { user: part(pair.slice(0, at)), password: part(pair.slice(at + 1)) };
  }
  const bearer = /^Bearer (.+)$/i.exec(auth);
  if (bearer) req.bearer = bearer[1]!;
  return req;
}

/**
 * A local HTTP server playing an external system, on a free loopback port. `handle` answers each
 * request (every request must be answered: sendJson below); the server records them all in
 * `requests`. Calls reach it only through an egress client with private egress allowed
 * (`createEgressClient({ allowPrivate: true })`), as tests use.
 */
export async function fakeSystem(handle: (req: FakeRequest, res: ServerResponse) => void): Promise<FakeSystem> {
  const requests: FakeRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = decode(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'));
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

/** Answers with a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
