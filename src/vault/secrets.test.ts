import { randomBytes, randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { elevateToService } from './elevate.ts';
import { KeyRing } from './keyring.ts';
import { rotateVault } from './rotate.ts';
import { readSecret, writeSecret } from './secrets.ts';

/** The vault's service-role switch and its secret rows, on a real database. */
const A = DEMO.orgs.a;
const ring = new KeyRing([{ id: 'k1', key: randomBytes(32) }]);

describeEngines('vault secrets and the switch to the service role', (ctx) => {
  it('elevateToService runs the rest of the transaction as service_role, naming whom it acts for', async () => {
    const seen = await ctx.db.transaction(async (tx) => {
      await tx.query("select set_config('role', 'authenticated', true)");
      const svc = await elevateToService(tx, A.users.admin.id);
      const { rows } = await svc.query<{ role: string; claims: string }>(
        "select current_user as role, current_setting('request.jwt.claims', true) as claims",
      );
      return rows[0]!;
    });
    expect(seen.role).toBe('service_role');
    expect(JSON.parse(seen.claims)).toEqual({ role: 'service_role', sub: A.users.admin.id });
    const anonymous = await ctx.db.transaction(async (tx) => {
      const svc = await elevateToService(tx);
      return (await svc.query<{ claims: string }>("select current_setting('request.jwt.claims', true) as claims"))
        .rows[0]!;
    });
    expect(JSON.parse(anonymous.claims)).toEqual({ role: 'service_role' });
  });

  it('a secret is written, read back, replaced, and read as null when absent', async () => {
    await ctx.db.transaction(async (tx) => {
      const svc = await elevateToService(tx);
      const ref = { orgId: A.id, purpose: 'integration_credentials' };
      const { id, updatedAt } = await writeSecret(svc, ring, ref, Buffer.from('first'));
      expect(updatedAt).toBeInstanceOf(Date);
      expect((await readSecret(svc, ring, { ...ref, id }))!.reveal().toString()).toBe('first');
      await writeSecret(svc, ring, { ...ref, id }, Buffer.from('second'));
      expect((await readSecret(svc, ring, { ...ref, id }))!.reveal().toString()).toBe('second');
      expect(await readSecret(svc, ring, { ...ref, id: randomUUID() })).toBeNull();
      expect(await readSecret(svc, ring, { ...ref, id, purpose: 'oauth_tokens' })).toBeNull();
    });
  });

  it('an id already used for another purpose is refused, not overwritten', async () => {
    await ctx.db.transaction(async (tx) => {
      const svc = await elevateToService(tx);
      const id = randomUUID();
      await writeSecret(svc, ring, { orgId: A.id, id, purpose: 'integration_credentials' }, Buffer.from('kept'));
      await expect(
        writeSecret(svc, ring, { orgId: A.id, id, purpose: 'oauth_tokens' }, Buffer.from('other')),
      ).rejects.toThrow(`vault secret ${A.id}/${id} exists with another purpose`);
      expect(
        (await readSecret(svc, ring, { orgId: A.id, id, purpose: 'integration_credentials' }))!.reveal().toString(),
      ).toBe('kept');
    });
  });

  it('after a rotation, a key still sealing a secret it could not open is not droppable; an emptied one is', async () => {
    const k1 = ring.material('k1')!;
    const oldKey = randomBytes(32);
    const before = new KeyRing([{ id: 'old', key: oldKey }]);
    const id = await ctx.db.transaction(async (tx) => {
      const svc = await elevateToService(tx);
      return (await writeSecret(svc, before, { orgId: A.id, purpose: 'integration_credentials' }, Buffer.from('x'))).id;
    });
    await ctx.db.query(
      "update palisade_vault.secrets set ciphertext = decode(repeat('00', 32), 'hex') where org_id = $1 and id = $2",
      [A.id, id],
    );
    const next = new KeyRing([
      { id: 'k2', key: randomBytes(32) },
      { id: 'k1', key: k1 },
      { id: 'old', key: oldKey },
    ]);
    const progress: [number, number][] = [];
    const rowsSoFar: number[] = [];
    const summary = await rotateVault(ctx.db, next, {
      batchSize: 2,
      onProgress: (d, t) => progress.push([d, t]),
      afterRow: (n) => rowsSoFar.push(n),
    });
    // afterRow counts the rows rewritten in this run so far, across batches.
    expect(rowsSoFar).toEqual(Array.from({ length: summary.rotated }, (_, i) => i + 1));
    // Progress counts rows batch by batch, up to what was pending at the start.
    expect(summary.pending).toBeGreaterThan(2);
    expect(progress.slice(0, 2)).toEqual([
      [0, summary.pending],
      [2, summary.pending],
    ]);
    expect(progress.at(-1)).toEqual([summary.pending, summary.pending]);
    expect(summary.failed.map((f) => f.id)).toContain(id);
    expect(summary.perKey.old).toBe(1);
    expect(summary.droppableKeyIds).toEqual(['k1']);
  });
});
