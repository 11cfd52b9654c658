import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { type Principal, withPrincipal } from '../../db/principal.ts';
import type { Queryable } from '../../db/types.ts';
import { DEMO } from '../../seed/ids.ts';
import { describeEngines } from '../../testing/engines.ts';
import { outcome, raceBehindLock } from '../../testing/races.ts';
import { KeyRing } from '../../vault/keyring.ts';
import { DEMO_CONNECTIONS } from '../seed.ts';
import { openCredentials, storeCredentials } from './credentials.ts';
import { proveCanManage } from './store.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const owner: Principal = { kind: 'user', userId: A.users.owner.id };
const admin: Principal = { kind: 'user', userId: A.users.admin.id };
const ring = new KeyRing([{ id: 'test', key: randomBytes(32) }]);
const id = DEMO_CONNECTIONS.org(A).projectApi;

const state = (db: Queryable) =>
  withPrincipal(db as never, { kind: 'service' }, async (tx) => {
    const { rows } = await tx.query<{ s: string | null; url: string; n: number }>(
      `select c.credential_secret_id as s, c.endpoint_url as url,
              (select count(*)::int from palisade_vault.secrets v where v.org_id = c.org_id) as n
       from public.api_connections c where c.org_id = $1 and c.id = $2`,
      [A.id, id],
    );
    return rows[0]!;
  });

describeEngines('API connection credentials stay bound to their endpoint', (ctx) => {
  it('the database forgets them when the origin changes, whoever updates, and keeps them on the same origin', async () => {
    await withPrincipal(ctx.db, owner, async (tx) =>
      storeCredentials(tx, ring, owner, await proveCanManage(tx, A.id, id), { kind: 'bearer', token: 'tok-1' }),
    );
    const vaulted = (await state(ctx.db)).n;
    await withPrincipal(ctx.db, { kind: 'service' }, (tx) =>
      tx.query(
        "update public.api_connections set endpoint_url = 'https://crm.example.test/api/v2/contacts' where org_id = $1 and id = $2",
        [A.id, id],
      ),
    );
    expect((await state(ctx.db)).s).not.toBeNull();
    // Even the service (an operator's repair, a migration) cannot move credentials to another host.
    await withPrincipal(ctx.db, { kind: 'service' }, (tx) =>
      tx.query(
        "update public.api_connections set endpoint_url = 'https://CRM.example.test.evil.example/x' where org_id = $1 and id = $2",
        [A.id, id],
      ),
    );
    const after = await state(ctx.db);
    expect(after.s).toBeNull();
    expect(after.n).toBe(vaulted - 1);
  });

  it('a tenant cannot read the vault reference, write it, or point a connection at another tenant', async () => {
    const member: Principal = { kind: 'user', userId: A.users.member.id };
    expect(
      await outcome(
        withPrincipal(ctx.db, owner, (tx) => tx.query('select credential_secret_id from public.api_connections')),
      ),
    ).toBe('42501');
    expect(
      await outcome(
        withPrincipal(ctx.db, owner, (tx) =>
          tx.query('update public.api_connections set credential_secret_id = null where org_id = $1', [A.id]),
        ),
      ),
    ).toBe('42501');
    // B's owner naming A's project, and A's owner naming B's workspace under A: refused either way.
    const insert = (org: string, ws: string) => (tx: Queryable) =>
      tx.query(
        "insert into public.api_connections (org_id, workspace_id, name, endpoint_url) values ($1, $2, 'x', 'https://x.example/')",
        [org, ws],
      );
    expect(
      await outcome(
        withPrincipal(ctx.db, { kind: 'user', userId: B.users.owner.id }, insert(A.id, A.defaultWorkspace)),
      ),
    ).toBe('42501');
    expect(await outcome(withPrincipal(ctx.db, owner, insert(A.id, B.defaultWorkspace)))).toBe('23503');
    // The scope is fixed at creation: moving a connection would carry its credentials to another audience.
    expect(
      await outcome(
        withPrincipal(ctx.db, owner, (tx) =>
          tx.query('update public.api_connections set project_id = null, workspace_id = $2 where org_id = $1', [
            A.id,
            A.defaultWorkspace,
          ]),
        ),
      ),
    ).toBe('42501');
    // Members of the project read it but may not manage it.
    expect(await outcome(withPrincipal(ctx.db, member, (tx) => proveCanManage(tx, A.id, id)))).toBe('PS403');
  });

  it.skipIf(ctx.engine === 'pglite')(
    'credentials stored while another admin moves the endpoint do not survive the move',
    async () => {
      await withPrincipal(ctx.db, { kind: 'service' }, (tx) =>
        tx.query(
          "update public.api_connections set endpoint_url = 'https://crm.example.test/api/contacts' where org_id = $1 and id = $2",
          [A.id, id],
        ),
      );
      // Session 1 proves and stores credentials for crm.example.test, holding the row; session 2's
      // move waits for it, then runs against the stored secret and forgets it.
      const moved = await raceBehindLock(
        ctx.db,
        owner,
        async (tx) =>
          storeCredentials(tx, ring, owner, await proveCanManage(tx, A.id, id), { kind: 'bearer', token: 'tok-2' }),
        admin,
        (tx) =>
          tx.query(
            "update public.api_connections set endpoint_url = 'https://evil.example/collect' where org_id = $1 and id = $2",
            [A.id, id],
          ),
      );
      expect(moved).toBe('ok');
      const s = await state(ctx.db);
      expect([s.url, s.s]).toEqual(['https://evil.example/collect', null]);
      // Nothing is left to send there.
      const opened = await withPrincipal(ctx.db, owner, async (tx) =>
        openCredentials(tx, ring, owner, await proveCanManage(tx, A.id, id)),
      );
      expect(opened).toBeNull();
    },
  );
});
