import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDevSecret, readDevSecret } from '../auth/dev-secret.ts';
import { ConfigError, loadServerConfig } from '../config/index.ts';
import { run } from '../http/run.ts';
import type { RouteModule } from '../http/types.ts';
import { DEMO } from '../seed/ids.ts';
import { palisade, useCliDatabase } from '../testing/cli.ts';
import { describeEngines, freshDatabase } from '../testing/engines.ts';
import { buildServer } from './app.ts';
import { ROUTE_MODULES } from './routes.ts';
import { startServer } from './serve.ts';
import { json, testConfig, useServer } from './testing.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'palisade-serve-'));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/palisade.js', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `palisade serve`, waits for its banner, and hands back the URL and a way to stop it. */
async function serve(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['bin/palisade.js', 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: '0', PALISADE_LOG_LEVEL: 'warn', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const deadline = Date.now() + 150_000;
  while (!/Reference: /.test(stderr)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`palisade serve did not start:\n${stderr}`);
    await sleep(100);
  }
  const url = /listening on (http:\/\/\S+)/.exec(stderr)![1]!;
  return {
    url,
    banner: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describeEngines('health, readiness and the API reference', (ctx) => {
  const server = useServer(ctx);

  it('GET /healthz answers without credentials', async () => {
    const res = await server.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'ok' });
  });

  it('GET /readyz is ready when every migration is applied, and 503 naming the gap when one is missing', async () => {
    const ready = json(await server.inject({ method: 'GET', url: '/readyz' }));
    expect(ready).toMatchObject({ status: 'ready', database: 'ok', migrations: { pending: 0 } });
    const { rows } = await ctx.db.query<{ name: string; checksum: string }>(
      `select name, checksum from palisade_meta.migrations order by name desc limit 1`,
    );
    await ctx.db.query('delete from palisade_meta.migrations where name = $1', [rows[0]!.name]);
    try {
      const res = await server.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(json(res)).toMatchObject({ status: 'not_ready', database: 'ok', migrations: { pending: 1 } });
    } finally {
      await ctx.db.query('insert into palisade_meta.migrations (name, checksum) values ($1, $2)', [
        rows[0]!.name,
        rows[0]!.checksum,
      ]);
    }
  });

  it('GET /readyz is 503 when the database cannot be reached', async () => {
    const gone = await freshDatabase(ctx.engine);
    await gone.db.close();
    const app = await buildServer({ db: gone.db, config: testConfig() });
    try {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(json(res)).toMatchObject({ status: 'not_ready', database: 'unreachable' });
    } finally {
      await app.close();
      await gone.close().catch(() => {});
    }
  });

  it('GET /openapi.json is an OpenAPI 3 document with the security schemes and shared schemas; /docs is public', async () => {
    const doc = json(await server.inject({ method: 'GET', url: '/openapi.json' }));
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['adminToken', 'apiKey', 'bearerAuth']);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Error', 'Organisation', 'Workspace', 'ApiKey']),
    );
    const create = doc.paths['/v1/orgs'].post;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(['name']);
    expect(create.responses['422']).toEqual({ $ref: '#/components/responses/UnprocessableEntity' });
    expect(doc.components.responses.UnprocessableEntity.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
    const docs = await server.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(docs.statusCode);
    const page = await server.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/swagger/i);
    expect(page.body).toContain('<title>Palisade API reference</title>');
  });

  it('GET / sends a browser to the reference at /docs', async () => {
    const res = await server.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/docs');
  });

  it('/openapi.json names the server it was fetched from', async () => {
    const doc = json(
      await server.inject({ method: 'GET', url: '/openapi.json', headers: { host: 'api.palisade.test' } }),
    );
    expect(doc.servers).toEqual([{ url: 'http://api.palisade.test', description: 'this server' }]);
  });
});

/** A route that takes a while and then touches the database: the in-flight request of the shutdown test. */
const slow: RouteModule = async (app) => {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/test/slow', { config: { auth: 'public' }, schema: { hide: true } }, async (req) => {
      await sleep(400);
      return run(req, async (tx) => (await tx.query<{ ok: number }>('select 1 as ok')).rows[0]);
    });
};

describeEngines('graceful shutdown', (ctx) => {
  it('in-flight requests finish, new connections are refused, then the database closes', async () => {
    const fresh = await freshDatabase(ctx.engine);
    const server = await startServer({
      db: fresh.db,
      config: testConfig(),
      routes: [...ROUTE_MODULES, async () => ({ default: slow })],
    });
    try {
      const inFlight = fetch(`${server.url}/test/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
      await sleep(100);
      const stopped = server.stop();
      expect(await inFlight).toEqual({ status: 200, body: { ok: 1 } });
      expect(await stopped).toBe(true);
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      await expect(fresh.db.query('select 1')).rejects.toThrow();
    } finally {
      await server.stop();
      await fresh.close().catch(() => {});
    }
  });
});

describe('configuration', () => {
  it('refuses to start without a way to verify tokens, with short secrets, or with one secret for users and admins', () => {
    expect(() => loadServerConfig({})).toThrow(ConfigError);
    expect(() => loadServerConfig({ PALISADE_JWT_SECRET: 'short' })).toThrow(/at least 32/);
    const same = 'same-secret-same-secret-same-secret-same';
    expect(() => loadServerConfig({ PALISADE_JWT_SECRET: same, PALISADE_ADMIN_JWT_SECRET: same })).toThrow(/differ/);
    expect(() => loadServerConfig({ PALISADE_JWT_SECRET: same, PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('defaults to 127.0.0.1:4000 and warns when admin tokens would use a per-process key', () => {
    const { config, notes } = loadServerConfig({ PALISADE_JWT_SECRET: 'a-secret-long-enough-for-hs256-signing' });
    expect([config.host, config.port]).toEqual(['127.0.0.1', 4000]);
    expect(config.auth.adminTokenTtlSeconds).toBe(900);
    expect(notes.join(' ')).toMatch(/PALISADE_ADMIN_JWT_SECRET is not set/);
  });
});

describe('development secrets and `palisade token`', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('the development secret is generated once, with mode 0600, and refused once others can read it', () => {
    const dir = tmp();
    dirs.push(dir);
    const first = ensureDevSecret(dir, 'jwt');
    expect(first.created).toBe(true);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(ensureDevSecret(dir, 'jwt')).toMatchObject({ created: false, secret: first.secret });
    chmodSync(first.file, 0o644);
    expect(() => readDevSecret(dir, 'jwt')).toThrow(/chmod 600/);
  });

  it('`palisade token` refuses (exit 2) when no local secret exists, and otherwise prints a token the server accepts', async () => {
    const dir = tmp();
    dirs.push(dir);
    const none = await cli(['token', '--email', 'owner@acme.test'], { PALISADE_DATA_DIR: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no local secret/);
    const remote = await cli(['token', '--email', 'owner@acme.test'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      PALISADE_JWKS_URL: 'https://idp.example.test/jwks',
    });
    expect(remote.code).toBe(2);
    expect(remote.stderr).toMatch(/identity provider/);

    const { secret } = ensureDevSecret(dir, 'jwt');
    const printed = await cli(['token', '--email', 'owner@acme.test', '--ttl', '15m'], { PALISADE_DATA_DIR: dir });
    expect(printed.code, printed.stderr).toBe(0);
    const { payload } = await jwtVerify(printed.stdout.trim(), new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
    });
    expect(payload).toMatchObject({ sub: DEMO.orgs.a.users.owner.id, email: 'owner@acme.test', role: 'authenticated' });
    expect(payload.exp! - payload.iat!).toBe(900);
    expect((await cli(['token'], { PALISADE_DATA_DIR: dir })).code).toBe(2);
    expect((await cli(['token', '--sub', 'nope'], { PALISADE_DATA_DIR: dir })).code).toBe(2);
    expect((await cli(['token', '--email', 'a@b.test', '--ttl', '3d'], { PALISADE_DATA_DIR: dir })).code).toBe(2);
  }, 60_000);
});

describe('`palisade serve` on the embedded engine (what `npm start` runs)', () => {
  it('starts an empty data dir from the first-start image with the demo seeded, generates a 0600 secret, serves a token from `palisade token`, and stops on SIGTERM', async () => {
    const dir = tmp();
    try {
      const server = await serve({ PALISADE_DATA_DIR: dir });
      const banner = server.banner();
      expect(banner).toMatch(/owner role is used directly/);
      expect(banner).toMatch(/Seeded the demo data/);
      expect(banner).toMatch(/from the first-start image \(dist\/first-start\), not initdb/);
      // The embedded engine makes its own vault key file: nothing to warn about.
      expect(banner).not.toContain('PALISADE_VAULT_KEYS is not set');
      expect(banner).toMatch(/palisade-dev-jwt-secret \(mode 0600\)/);
      expect(statSync(path.join(dir, 'palisade-dev-jwt-secret')).mode & 0o777).toBe(0o600);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const token = (await cli(['token', '--email', 'owner@acme.test'], { PALISADE_DATA_DIR: dir })).stdout.trim();
      const orgs = await (
        await fetch(`${server.url}/v1/orgs`, { headers: { authorization: `Bearer ${token}` } })
      ).json();
      expect(orgs.data.map((o: { id: string }) => o.id)).toEqual([DEMO.orgs.a.id]);
      expect(await server.stop()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('`palisade serve` start-up failures are one sentence naming what to fix', () => {
  it('a port already in use: exit 1, one line naming the address and PORT, and the data dir is unlocked', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const dir = tmp();
    try {
      const res = await cli(['serve', '--no-seed'], { PALISADE_DATA_DIR: dir, HOST: '127.0.0.1', PORT: String(port) });
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n')).toEqual([
        `palisade: 127.0.0.1 port ${port} is already in use by another process: stop it, or set PORT (and HOST) to a free address.`,
      ]);
      expect(existsSync(path.join(dir, 'palisade.lock'))).toBe(false);
    } finally {
      taken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describeEngines('`palisade serve` on a PostgreSQL server', (ctx) => {
  it.skipIf(ctx.engine !== 'postgres')(
    'connects through DATABASE_URL, says which role it runs as, is ready, and stops on SIGTERM (server engine only: it needs a DATABASE_URL)',
    async () => {
      const server = await serve({
        DATABASE_URL: ctx.url!,
        PALISADE_JWT_SECRET: 'a-secret-long-enough-for-hs256-signing',
        PALISADE_ADMIN_JWT_SECRET: 'another-secret-long-enough-for-admin-tokens',
      });
      expect(server.banner()).toMatch(/Connected as "[^"]+"/);
      expect(server.banner()).toContain(
        'Warning: PALISADE_VAULT_KEYS is not set: integration credentials cannot be stored or read',
      );
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect(await server.stop()).toBe(0);
    },
    120_000,
  );

  it.skipIf(ctx.engine !== 'postgres')(
    'a DATABASE_URL naming a missing database or role: exit 1 and one line naming it, without the URL (server engine only: it needs a DATABASE_URL)',
    async () => {
      const secrets = {
        PALISADE_JWT_SECRET: 'a-secret-long-enough-for-hs256-signing',
        PALISADE_ADMIN_JWT_SECRET: 'another-secret-long-enough-for-admin-tokens',
      };
      const noDb = new URL(ctx.url!);
      noDb.pathname = '/palisade_no_such_database';
      const db = await cli(['serve'], { DATABASE_URL: noDb.href, ...secrets });
      expect(db.code).toBe(1);
      expect(db.stderr.trim().split('\n')).toEqual([
        'palisade: the PostgreSQL server refused DATABASE_URL: database "palisade_no_such_database" does not exist; create that database (createdb) or fix the database name in DATABASE_URL.',
      ]);
      const noRole = new URL(ctx.url!);
      noRole.username = 'palisade_no_such_role';
      noRole.password = 'not-to-be-printed';
      const role = await cli(['serve'], { DATABASE_URL: noRole.href, ...secrets });
      expect(role.code).toBe(1);
      expect(role.stderr.trim().split('\n')).toHaveLength(1);
      expect(role.stderr).toMatch(/^palisade: the PostgreSQL server refused DATABASE_URL: .*palisade_no_such_role/);
      expect(role.stderr).not.toContain('not-to-be-printed');
    },
    120_000,
  );
});

describeEngines('`palisade admins` on the server and on an embedded data dir', (ctx) => {
  const cliDb = useCliDatabase(ctx);

  it('lists, adds and removes platform admins as the service, recording each change; bad usage exits 2', async () => {
    const env = cliDb.env;
    const listed = await palisade(['admins', 'list'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(DEMO.platformAdmin.email);
    const added = await palisade(['admins', 'add', '--email', DEMO.loner.email, '--note', 'on call'], env);
    expect(added.code, added.stderr).toBe(0);
    expect((await palisade(['admins', 'list'], env)).stdout).toContain(DEMO.loner.email);
    expect((await palisade(['admins', 'remove', '--user-id', DEMO.loner.id], env)).code).toBe(0);
    expect((await palisade(['admins', 'list'], env)).stdout).not.toContain(DEMO.loner.email);
    const recorded = await cliDb.withDb((db) =>
      db.query<{ action: string }>(
        `select action from public.admin_actions where target_id = $1 and action like 'platform_admin.%' order by seq`,
        [DEMO.loner.id],
      ),
    );
    expect(recorded.rows.map((r) => r.action)).toEqual(['platform_admin.add', 'platform_admin.remove']);
    expect((await palisade(['admins', 'add', '--email', 'nobody@example.test'], env)).code).toBe(1);
    expect((await palisade(['admins', 'add'], env)).code).toBe(2);
  }, 180_000);
});
