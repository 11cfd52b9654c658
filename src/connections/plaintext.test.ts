import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { withPrincipal } from '../db/principal.ts';
import type { Queryable } from '../db/types.ts';
import { PERSONA_IDS, PERSONAS } from '../personas/personas.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { KeyRing } from '../vault/keyring.ts';
import { storeCredentials } from './api/credentials.ts';
import { proveCanManage } from './api/store.ts';
import { DEMO_CONNECTIONS } from './seed.ts';

const A = DEMO.orgs.a;
const ring = new KeyRing([{ id: 'test', key: randomBytes(32) }]);
const owner = { kind: 'user' as const, userId: A.users.owner.id };

/**
 * Every column of every table and view an API role may select, read as that role (RLS and column
 * grants applying), searched for the marker. The statement is built in the database from the
 * catalog (format %I / regclass), never from test data; a role reading nothing reads nothing.
 */
const SCAN = `
  select c.oid::regclass::text as rel
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm')
    and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
    and has_schema_privilege(n.oid, 'usage')
    and has_any_column_privilege(c.oid, 'select')
    and strpos(query_to_xml(format('select %s from %s',
          (select string_agg(format('%I', a.attname), ', ') from pg_attribute a
           where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
             and has_column_privilege(c.oid, a.attnum, 'select')),
          c.oid::regclass), true, false, '')::text, $1) > 0`;

async function readableWith(db: Parameters<typeof withPrincipal>[0], marker: string) {
  const found: Record<string, string[]> = {};
  for (const id of PERSONA_IDS) {
    const p = PERSONAS[id];
    const rels = await withPrincipal(db, p.principal as never, async (tx: Queryable) =>
      (await tx.query<{ rel: string }>(SCAN, [marker])).rows.map((r) => r.rel),
    );
    if (rels.length) found[id] = rels;
  }
  return found;
}

describeEngines('stored credentials are in no row any API role can read', (ctx) => {
  const token = `tok_${randomBytes(12).toString('hex')}`;
  beforeAll(async () => {
    await withPrincipal(ctx.db, owner, async (tx) =>
      storeCredentials(tx, ring, owner, await proveCanManage(tx, A.id, DEMO_CONNECTIONS.org(A).projectApi), {
        kind: 'bearer',
        token,
      }),
    );
  });

  it('an API connection token: not in any column of any relation, for every persona, service included', async () => {
    expect(await readableWith(ctx.db, token)).toEqual({});
    // The scan does find a value where it is stored in clear (the connection's name), so an empty
    // answer above means something.
    const name = `probe-${randomBytes(6).toString('hex')}`;
    await withPrincipal(ctx.db, owner, (tx) =>
      tx.query('update public.api_connections set name = $3 where org_id = $1 and id = $2', [
        A.id,
        DEMO_CONNECTIONS.org(A).projectApi,
        name,
      ]),
    );
    const seen = await readableWith(ctx.db, name);
    expect(seen.owner_a).toContain('api_connections');
    expect(seen.member_b).toBeUndefined();
  });
});
