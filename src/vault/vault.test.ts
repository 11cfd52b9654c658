import { randomBytes, randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { withPrincipal } from '../db/principal.ts';
import { dumpDatabase, hasPgDump, leakForms, plantedSecret } from '../integrations/testing.ts';
import { PERSONA_IDS, PERSONAS } from '../personas/personas.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { VaultError } from './cipher.ts';
import { withService } from './elevate.ts';
import { KeyRing } from './keyring.ts';
import { readSecret, writeSecret } from './secrets.ts';

const A = DEMO.orgs.a.id;
const B = DEMO.orgs.b.id;
const ring = new KeyRing([{ id: 'test1', key: randomBytes(32) }]);
const PURPOSE = 'integration_credentials';

describeEngines('the palisade_vault schema', (ctx) => {
  it('gives anon and authenticated (and platform_admin) no privilege at all on the palisade_vault schema', async () => {
    const { rows } = await ctx.db.query<{ role: string; usage: boolean; create: boolean }>(
      `select r as role, has_schema_privilege(r, 'palisade_vault', 'USAGE') as usage, has_schema_privilege(r, 'palisade_vault', 'CREATE') as create
       from unnest(array['anon', 'authenticated', 'platform_admin']) r`,
    );
    expect(rows).toEqual([
      { role: 'anon', usage: false, create: false },
      { role: 'authenticated', usage: false, create: false },
      { role: 'platform_admin', usage: false, create: false },
    ]);
  });

  it('refuses every persona but the service role any read or write of palisade_vault.secrets', async () => {
    await withService(ctx.db, (tx) => writeSecret(tx, ring, { orgId: A, purpose: PURPOSE }, Buffer.from('{}')));
    const statements: [op: string, sql: string, params: unknown[]][] = [
      ['select', 'select org_id from palisade_vault.secrets', []],
      [
        'insert',
        `insert into palisade_vault.secrets (org_id, purpose, key_id, nonce, ciphertext) values ($1, 'x', 'k', '\\x000000000000000000000000', '\\x${'00'.repeat(17)}')`,
        [A],
      ],
      ['update', `update palisade_vault.secrets set key_id = key_id`, []],
      ['delete', 'delete from palisade_vault.secrets', []],
    ];
    const outcomes: string[] = [];
    for (const id of PERSONA_IDS) {
      for (const [op, sql, params] of statements) {
        const code = await withPrincipal(ctx.db, PERSONAS[id].principal, async (tx) => {
          await tx.query(sql, params);
          throw Object.assign(new Error('rollback'), { code: 'ok' });
        }).catch((e: { code?: string }) => e.code);
        outcomes.push(`${id} ${op} ${code}`);
      }
    }
    const expected = PERSONA_IDS.flatMap((id) =>
      ['select', 'insert', 'update', 'delete'].map((op) => `${id} ${op} ${id === 'service' ? 'ok' : '42501'}`),
    );
    expect(outcomes).toEqual(expected);
  });

  it('stores ciphertext only: the plaintext is in no row, no dump and no data file', async () => {
    const secret = plantedSecret();
    const stored = await withService(ctx.db, (tx) =>
      writeSecret(tx, ring, { orgId: A, purpose: PURPOSE }, Buffer.from(JSON.stringify({ token: secret }))),
    );
    const back = await withService(ctx.db, (tx) => readSecret(tx, ring, { orgId: A, id: stored.id, purpose: PURPOSE }));
    expect(JSON.parse(back!.reveal().toString()).token).toBe(secret);
    const dump = await dumpDatabase(ctx.db, ctx.url);
    expect(dump.tool).toMatch(ctx.engine === 'pglite' ? /raw data dir/ : hasPgDump() ? /pg_dump/ : /SQL row dump/);
    for (const form of leakForms(secret))
      expect(dump.text.includes(form), `${dump.tool} contains the secret (${form.slice(0, 12)}…)`).toBe(false);
  });

  it('a ciphertext copied to another row, or another organisation, fails to decrypt there', async () => {
    const original = await withService(ctx.db, (tx) =>
      writeSecret(tx, ring, { orgId: A, purpose: PURPOSE }, Buffer.from('{"token":"x-original"}')),
    );
    // An attacker with write access to the table (a superuser, a restored backup) copies the bytes.
    const sameOrg = randomUUID();
    const otherOrg = randomUUID();
    for (const [org, id] of [
      [A, sameOrg],
      [B, otherOrg],
    ] as const) {
      await ctx.db.query(
        `insert into palisade_vault.secrets (org_id, id, purpose, key_id, nonce, ciphertext)
         select $1, $2, purpose, key_id, nonce, ciphertext from palisade_vault.secrets where org_id = $3 and id = $4`,
        [org, id, A, original.id],
      );
    }
    for (const [org, id] of [
      [A, sameOrg],
      [B, otherOrg],
    ] as const) {
      const err = await withService(ctx.db, (tx) => readSecret(tx, ring, { orgId: org, id, purpose: PURPOSE })).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(VaultError);
      expect((err as VaultError).code).toBe('authentication_failed');
    }
    // The original still opens where it belongs.
    expect(
      await withService(ctx.db, (tx) => readSecret(tx, ring, { orgId: A, id: original.id, purpose: PURPOSE })),
    ).not.toBeNull();
  });

  it('never lets a secret row move to another organisation', async () => {
    const s = await withService(ctx.db, (tx) =>
      writeSecret(tx, ring, { orgId: A, purpose: PURPOSE }, Buffer.from('{}')),
    );
    const move = 'update palisade_vault.secrets set org_id = $1 where org_id = $2 and id = $3';
    // The service role is not even granted the column; the owner (a superuser here) meets the trigger.
    const asService = await withService(ctx.db, (tx) => tx.query(move, [B, A, s.id])).catch(
      (e: { code?: string }) => e.code,
    );
    const asOwner = await ctx.db.query(move, [B, A, s.id]).catch((e: { code?: string }) => e.code);
    expect([asService, asOwner]).toEqual(['42501', 'PS422']);
  });
});
