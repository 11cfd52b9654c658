import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { withService } from './elevate.ts';
import { KeyRing } from './keyring.ts';
import { rotateVault } from './rotate.ts';
import { readSecret, secretsPerKey, writeSecret } from './secrets.ts';

const oldKey = { id: 'old', key: randomBytes(32) };
const newKey = { id: 'new', key: randomBytes(32) };
const lostKey = { id: 'lost', key: randomBytes(32) };
const third = { id: 'third', key: randomBytes(32) };
const PURPOSE = 'integration_credentials';
const ORGS = [DEMO.orgs.a.id, DEMO.orgs.b.id];

describeEngines('vault key rotation', (ctx) => {
  const written: Array<{ orgId: string; id: string; value: string }> = [];

  async function plant(ring: KeyRing, n: number) {
    await withService(ctx.db, async (tx) => {
      for (let i = 0; i < n; i++) {
        const orgId = ORGS[i % 2]!;
        const value = `value-${written.length}`;
        const s = await writeSecret(tx, ring, { orgId, purpose: PURPOSE }, Buffer.from(value));
        written.push({ orgId, id: s.id, value });
      }
    });
  }

  async function everyValueOpensWith(ring: KeyRing) {
    await withService(ctx.db, async (tx) => {
      for (const w of written) {
        const plain = await readSecret(tx, ring, { orgId: w.orgId, id: w.id, purpose: PURPOSE });
        expect(plain!.reveal().toString()).toBe(w.value);
      }
    });
  }

  it('re-encrypts every secret to the newest key in batches, after which the old key can be dropped', async () => {
    await plant(new KeyRing([oldKey]), 7);
    const progress: Array<[number, number]> = [];
    const summary = await rotateVault(ctx.db, new KeyRing([newKey, oldKey]), {
      batchSize: 3,
      onProgress: (d, t) => progress.push([d, t]),
    });
    expect(summary).toMatchObject({
      newestKeyId: 'new',
      pending: 7,
      rotated: 7,
      failed: [],
      batches: 3,
      perKey: { new: 7 },
      droppableKeyIds: ['old'],
    });
    expect(progress.at(-1)).toEqual([7, 7]);
    await everyValueOpensWith(new KeyRing([newKey]));
  });

  it('resumes after a crash mid-batch: the crashed batch rolls back, a rerun finishes the rest', async () => {
    // Everything is on "new" now; rotate on to a third key and crash in the second batch.
    const ring = new KeyRing([third, newKey]);
    let rows = 0;
    const crash = await rotateVault(ctx.db, ring, {
      batchSize: 3,
      afterRow: () => {
        rows++;
        if (rows === 5) throw new Error('simulated crash: connection lost');
      },
    }).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(crash).toMatch(/simulated crash/);
    // Batch 1 (3 rows) committed; batch 2 rolled back whole, including the row rewritten before the crash.
    expect(Object.fromEntries(await withService(ctx.db, secretsPerKey))).toEqual({ third: 3, new: 4 });
    const resumed = await rotateVault(ctx.db, ring, { batchSize: 3 });
    expect(resumed).toMatchObject({
      pending: 4,
      rotated: 4,
      failed: [],
      perKey: { third: 7 },
      droppableKeyIds: ['new'],
    });
    await everyValueOpensWith(new KeyRing([third]));
  });

  it('reports a secret sealed with a key missing from the ring, rotates the others, and does not loop', async () => {
    const before = written.length;
    await plant(new KeyRing([lostKey]), 1);
    const orphan = written[before]!;
    await plant(new KeyRing([oldKey]), 2);
    const summary = await rotateVault(ctx.db, new KeyRing([newKey, third, oldKey]), { batchSize: 1 });
    expect(summary.failed).toEqual([
      { orgId: orphan.orgId, id: orphan.id, keyId: 'lost', reason: expect.stringContaining('"lost"') },
    ]);
    expect(summary.perKey.lost).toBe(1);
    expect(summary.rotated).toBe(summary.pending - 1);
    expect(summary.failed[0]!.reason).not.toContain(orphan.value);
  });
});
