import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { SignJWT } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { ADMIN_AUDIENCE } from '../config/auth.ts';
import { DEMO, type DemoOrg, MEMBER_KINDS } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { STANDARD_PARAMS, SWEEP_PROBES, type SweepProbe } from './sweep-probes.ts';
import { bearer, json, TEST_JWT_SECRET, userToken, useServer } from './testing.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  key: string;
  method: string;
  path: string;
  probe: SweepProbe;
  /** False when the operation has no entry in SWEEP_PROBES: swept with a guessed probe, and the coverage test fails. */
  explicit: boolean;
}

/** A conservative probe for an operation nobody described, so it is attacked anyway. */
function guessProbe(path: string, security: unknown[] | undefined): SweepProbe {
  if (security && security.length === 0) return { scope: 'public' };
  if (path.startsWith('/v1/orgs/{orgId}')) return { scope: 'org' };
  if (path.startsWith('/v1/admin/')) return { scope: 'admin' };
  return { scope: 'self' };
}

/** Every identifier and name of organisation B that must never appear in a response to A's callers. */
const B_SECRETS = [
  B.id,
  B.name,
  B.slug,
  B.workspace,
  B.defaultWorkspace,
  B.project,
  B.projectMember,
  B.invitation,
  ...Object.values(B.apiKeys),
  ...MEMBER_KINDS.map((k) => B.users[k].id),
  ...MEMBER_KINDS.map((k) => B.users[k].email),
];

function url(op: Operation, ids: DemoOrg, org: DemoOrg = ids): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const from = name === 'orgId' ? org : ids;
    const value = op.probe.params?.(from)[name] ?? STANDARD_PARAMS[name]?.(from);
    if (!value) throw new Error(`${op.key}: no value for path parameter {${name}}: add it to the probe's params`);
    return value;
  });
}

function bodyOf(op: Operation, o: DemoOrg): { payload?: object } {
  return op.probe.body ? { payload: op.probe.body(o) as object } : {};
}

function leaksB(res: LightMyRequestResponse): string | undefined {
  return B_SECRETS.find((s) => res.body.includes(s));
}

const TABLES = ['organisation_members', 'invitations', 'workspaces', 'projects', 'project_members', 'api_keys'];

describeEngines('route sweep: every operation in /openapi.json against bad credentials and other tenants', (ctx) => {
  const server = useServer(ctx);
  const ops: Operation[] = [];
  let ownerA: Record<string, string>;
  let keyA: Record<string, string>;
  let adminToken: Record<string, string>;
  let attacks: { name: string; headers: Record<string, string> }[];

  /** A fingerprint of everything organisation B holds, to prove the sweep changed none of it. */
  async function fingerprintB(): Promise<string[]> {
    const out: string[] = [];
    const org = await ctx.db.query<{ h: string }>(
      `select md5(t::text) as h from public.organisations t where id = $1`,
      [B.id],
    );
    out.push(org.rows[0]!.h);
    for (const t of TABLES) {
      const { rows } = await ctx.db.query<{ h: string | null }>(
        `select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as h from public.${t} t where org_id = $1`,
        [B.id],
      );
      out.push(`${t}:${rows[0]!.h}`);
    }
    return out;
  }

  beforeAll(async () => {
    const spec = json(await server.inject({ method: 'GET', url: '/openapi.json' }));
    for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, { security?: unknown[] }>>)) {
      for (const m of METHODS) {
        if (!item[m]) continue;
        const key = `${m.toUpperCase()} ${path}`;
        const probe = SWEEP_PROBES[key];
        ops.push({
          key,
          method: m.toUpperCase(),
          path,
          probe: probe ?? guessProbe(path, item[m].security),
          explicit: Boolean(probe),
        });
      }
    }
    ownerA = bearer(await userToken(A.users.owner.id, { email: A.users.owner.email }));
    const created = await server.inject({
      method: 'POST',
      url: `/v1/orgs/${A.id}/api-keys`,
      headers: ownerA,
      payload: { name: 'sweep', role: 'admin' },
    });
    expect(created.statusCode).toBe(201);
    keyA = { 'x-api-key': json(created).key };
    const minted = await server.inject({
      method: 'POST',
      url: '/v1/admin/token',
      headers: bearer(await userToken(DEMO.platformAdmin.id, { email: DEMO.platformAdmin.email })),
    });
    expect(minted.statusCode, minted.body).toBe(201);
    adminToken = bearer(json(minted).token);
    const enc = new TextEncoder();
    const unsigned = (payload: object) =>
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
    const exp = Math.floor(Date.now() / 1000) + 600;
    attacks = [
      {
        name: 'forged signature',
        headers: bearer(
          await userToken(A.users.owner.id, {}, { secret: 'not-the-secret-not-the-secret-not-the-secret' }),
        ),
      },
      { name: 'alg none', headers: bearer(unsigned({ sub: A.users.owner.id, role: 'authenticated', exp })) },
      {
        name: 'expired',
        headers: bearer(await userToken(A.users.owner.id, {}, { expiresIn: Math.floor(Date.now() / 1000) - 3600 })),
      },
      {
        name: 'admin audience signed with the user secret',
        headers: bearer(
          await new SignJWT({ is_platform_admin: true, role: 'platform_admin' })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject(DEMO.platformAdmin.id)
            .setAudience(ADMIN_AUDIENCE)
            .setIssuer('palisade')
            .setIssuedAt()
            .setJti('x')
            .setExpirationTime('5m')
            .sign(enc.encode(TEST_JWT_SECRET)),
        ),
      },
      { name: 'unknown API key', headers: { 'x-api-key': `pk_${'Z'.repeat(43)}` } },
      { name: 'garbage bearer', headers: { authorization: 'Bearer garbage' } },
    ];
  });

  it('every operation in /openapi.json has a sweep probe, and every probe names a real operation', () => {
    expect(ops.length).toBeGreaterThan(30);
    expect(
      ops.filter((o) => !o.explicit).map((o) => o.key),
      'add these to src/server/sweep-probes.ts',
    ).toEqual([]);
    const documented = new Set(ops.map((o) => o.key));
    expect(Object.keys(SWEEP_PROBES).filter((k) => !documented.has(k))).toEqual([]);
  });

  it('every operation the document calls public needs no credentials, and every other one declares a security scheme', () => {
    const spec = server.app.swagger() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    for (const op of ops) {
      const security = spec.paths[op.path]![op.method.toLowerCase()]!.security ?? [];
      expect(security.length === 0, op.key).toBe(op.probe.scope === 'public');
    }
  });

  it('without credentials every non-public operation answers 401 with the error shape', async () => {
    for (const op of ops.filter((o) => o.probe.scope !== 'public')) {
      const res = await server.inject({ method: op.method, url: url(op, A), ...bodyOf(op, A) });
      expect(res.statusCode, op.key).toBe(401);
      expect(json(res).error.code, op.key).toBe('PS401');
    }
  });

  it('forged, unsigned, expired, wrong-audience and unknown credentials get 401 on every non-public operation', async () => {
    for (const attack of attacks) {
      for (const op of ops.filter((o) => o.probe.scope !== 'public')) {
        const res = await server.inject({
          method: op.method,
          url: url(op, A),
          headers: attack.headers,
          ...bodyOf(op, A),
        });
        expect(res.statusCode, `${attack.name}: ${op.key}`).toBe(401);
        expect(leaksB(res)).toBeUndefined();
      }
    }
  });

  it("another organisation's ids give 404 and no data, for A's owner and for A's API key, and change nothing in B", async () => {
    const before = await fingerprintB();
    for (const [who, headers] of [
      ['owner of A', ownerA],
      ['API key of A', keyA],
    ] as const) {
      for (const op of ops.filter((o) => o.probe.scope === 'org')) {
        const res = await server.inject({ method: op.method, url: url(op, B), headers, ...bodyOf(op, B) });
        expect(leaksB(res), `${who}: ${op.key}`).toBeUndefined();
        if (res.statusCode === 403) {
          // Allowed only when it is about the credential (e.g. an API key on a person-only route):
          // the same request on its own organisation is refused identically, so nothing about B shows.
          const own = await server.inject({ method: op.method, url: url(op, A), headers, ...bodyOf(op, A) });
          expect({ status: own.statusCode, message: json(own).error?.message }, `${who}: ${op.key}`).toEqual({
            status: 403,
            message: json(res).error.message,
          });
          continue;
        }
        expect(res.statusCode, `${who}: ${op.key} → ${res.body}`).toBe(404);
      }
    }
    expect(await fingerprintB()).toEqual(before);
  });

  it('an organisation that does not exist is 404 "organisation not found" on every operation, for a user, an API key and an admin token', async () => {
    const before = await fingerprintB();
    const orgs = (await ctx.db.query<{ n: number }>('select count(*)::int as n from public.organisations')).rows[0]!.n;
    const wrong: string[] = [];
    // A platform admin sees every organisation, so only existence can answer for them.
    for (const [who, headers] of [
      ['owner of A', ownerA],
      ['API key of A', keyA],
      ['admin token', adminToken],
    ] as const) {
      for (const op of ops.filter((o) => o.probe.scope === 'org')) {
        const missing = { ...A, id: randomUUID() };
        const res = await server.inject({ method: op.method, url: url(op, A, missing), headers, ...bodyOf(op, A) });
        if (res.statusCode === 403) {
          // Only a refusal of the credential itself (an API key on a person-only route), identical on its own organisation.
          const own = await server.inject({ method: op.method, url: url(op, A), headers, ...bodyOf(op, A) });
          expect({ status: own.statusCode, message: json(own).error?.message }, `${who}: ${op.key}`).toEqual({
            status: 403,
            message: json(res).error.message,
          });
          continue;
        }
        const { code, message, field } = json(res).error ?? {};
        const answer = `${res.statusCode} ${code} ${field} ${message}`;
        if (answer !== '404 PS404 org_id organisation not found') wrong.push(`${who}: ${op.key} → ${answer}`);
      }
    }
    expect(wrong).toEqual([]);
    expect((await ctx.db.query<{ n: number }>('select count(*)::int as n from public.organisations')).rows[0]!.n).toBe(
      orgs,
    );
    expect(await fingerprintB()).toEqual(before);
  });

  it("A's organisation id combined with B's workspace, project, member, invitation and key ids never reaches B's rows", async () => {
    const before = await fingerprintB();
    const subResource = /\{(?!orgId)\w+\}/;
    const probed = ops.filter((o) => o.probe.scope === 'org' && (subResource.test(o.path) || o.probe.body));
    expect(probed.filter((o) => subResource.test(o.path)).length).toBeGreaterThan(15);
    for (const op of probed) {
      const res = await server.inject({ method: op.method, url: url(op, B, A), headers: ownerA, ...bodyOf(op, B) });
      expect(leaksB(res), `${op.key} → ${res.body}`).toBeUndefined();
      // B's sub-resource ids under A's organisation: not found (never B's row, never a 2xx).
      if (subResource.test(op.path)) expect([403, 404], `${op.key} → ${res.body}`).toContain(res.statusCode);
    }
    expect(await fingerprintB()).toEqual(before);
  });

  it('operations about the caller return nothing of another organisation', async () => {
    for (const headers of [ownerA, keyA]) {
      for (const op of ops.filter((o) => o.probe.scope === 'self' || o.probe.scope === 'token')) {
        const res = await server.inject({ method: op.method, url: url(op, A), headers, ...bodyOf(op, A) });
        expect(leaksB(res), op.key).toBeUndefined();
      }
    }
  });

  it('admin operations refuse user tokens (even with is_platform_admin) and API keys', async () => {
    const forgedFlag = bearer(await userToken(DEMO.platformAdmin.id, { is_platform_admin: true }));
    for (const op of ops.filter((o) => o.probe.scope === 'admin')) {
      for (const headers of [ownerA, keyA, forgedFlag]) {
        const res = await server.inject({ method: op.method, url: url(op, A), headers });
        expect(res.statusCode, op.key).toBe(403);
        expect(leaksB(res)).toBeUndefined();
      }
    }
  });
});
