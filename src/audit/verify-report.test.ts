import { expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { type Anchor, anchorChains } from './anchors.ts';
import { ENTRY_COLUMNS, type EntryRow, entryHash, GENESIS_HASH, toCanonical } from './canonical.ts';
import { generateSigningKeyValue, parseSigningKey, type TrustedKey } from './keys.ts';
import { append, newOrg, rehashFrom, tamper } from './test-helpers.ts';
import { verifyChains } from './verify.ts';

/**
 * What verifyChains reports as a whole: the verdict over several chains, the options it checks, the
 * progress it announces, and the exact sentence for each kind of break. tamper.test.ts proves each
 * kind of tampering is found; this file pins what the operator is told.
 */
describeEngines('verifying audit chains: the report', (ctx) => {
  async function chain(n: number): Promise<string> {
    const org = await newOrg(ctx.db, `Report ${Math.random().toString(36).slice(2, 8)}`);
    await append(ctx.db, 'audit_log', org, n);
    return org;
  }
  const remove = (org: string, seqs: number[]) =>
    tamper(ctx.db, (tx) => tx.query('delete from public.audit_log where org_id = $1 and seq = any($2)', [org, seqs]));

  it('is ok only when every chain holds: one broken chain among several makes it not ok', async () => {
    const good = await chain(3);
    const bad = await chain(3);
    const both = async () => {
      const a = await verifyChains(ctx.db, { orgId: good, chains: ['audit_log'] });
      const b = await verifyChains(ctx.db, { orgId: bad, chains: ['audit_log'] });
      return { a, b };
    };
    expect((await both()).a.ok).toBe(true);
    await remove(bad, [2]);
    const all = await verifyChains(ctx.db, { chains: ['audit_log'] });
    expect(all.reports.find((r) => r.orgId === good)?.status).toBe('ok');
    expect(all.reports.find((r) => r.orgId === bad)?.status).toBe('broken');
    expect(all.ok).toBe(false);
    const { a, b } = await both();
    expect([a.ok, b.ok]).toEqual([true, false]);
  });

  it('reports each organisation and chain, counts entries, and announces the plan and progress', async () => {
    const org = await chain(4);
    const starts: unknown[] = [];
    const progress: number[] = [];
    const reported: string[] = [];
    const r = await verifyChains(ctx.db, {
      orgId: org,
      onStart: (plan) => starts.push(plan),
      onProgress: (n) => progress.push(n),
      onReport: (rep) => reported.push(`${rep.orgId}/${rep.chain}`),
    });
    expect(r.reports.map((x) => x.chain)).toEqual(['audit_log', 'admin_actions']);
    expect(reported).toEqual([`${org}/audit_log`, `${org}/admin_actions`]);
    expect(r.entries).toBe(5);
    expect(progress.at(-1)).toBe(5);
    expect(starts).toEqual([{ chains: 2, estimatedEntries: expect.any(Number) }]);
    expect(r.reports[0]).toMatchObject({
      orgName: expect.stringMatching(/^Report /),
      fromSeq: 1,
      lastSeq: 5,
      entries: 5,
    });
  });

  it('as a member, RLS decides what is read, and no estimate is announced', async () => {
    const starts: unknown[] = [];
    const owner = DEMO.orgs.a.users.owner.id;
    const r = await verifyChains(ctx.db, {
      principal: { kind: 'user', userId: owner },
      chains: ['audit_log'],
      onStart: (plan) => starts.push(plan),
    });
    expect(r.reports.map((x) => x.orgId)).toEqual([DEMO.orgs.a.id]);
    expect(starts).toStrictEqual([{ chains: 1 }]);
    // The service and platform admins are operators: every organisation, with an estimate.
    for (const principal of [{ kind: 'service' }, { kind: 'platform_admin', userId: owner }] as const) {
      const plans: unknown[] = [];
      const r2 = await verifyChains(ctx.db, { principal, chains: ['audit_log'], onStart: (p) => plans.push(p) });
      expect(r2.reports.length, principal.kind).toBeGreaterThan(1);
      expect(plans, principal.kind).toEqual([{ chains: r2.reports.length, estimatedEntries: expect.any(Number) }]);
    }
  });

  it('from must be a positive integer; from 3 starts there, taking seq 2 on trust', async () => {
    for (const from of [0, -1, 1.5]) {
      await expect(verifyChains(ctx.db, { from }), String(from)).rejects.toThrow(
        new RangeError('from must be a positive integer'),
      );
    }
    const org = await chain(4);
    const r = await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'], from: 3 });
    expect(r.reports[0]).toMatchObject({ status: 'ok', fromSeq: 3, lastSeq: 5, entries: 3 });
    const past = await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'], from: 9 });
    expect(past.reports[0]).toMatchObject({ status: 'ok', fromSeq: 9, lastSeq: 8, entries: 0 });
  });

  it('names one missing entry, or a range of them, and the entry that follows', async () => {
    const one = await chain(5);
    await remove(one, [3]);
    expect((await verifyChains(ctx.db, { orgId: one, chains: ['audit_log'] })).reports[0]!.broken).toEqual({
      seq: 3,
      problem: 'missing',
      detail: 'seq 3 is missing (the next entry is seq 4): entries were deleted or renumbered',
    });
    const two = await chain(5);
    await remove(two, [3, 4]);
    expect((await verifyChains(ctx.db, { orgId: two, chains: ['audit_log'] })).reports[0]!.broken).toEqual({
      seq: 3,
      problem: 'missing',
      detail: 'seq 3–4 are missing (the next entry is seq 5): entries were deleted or renumbered',
    });
  });

  it('names a broken link and an edited entry in so many words', async () => {
    const linked = await chain(4);
    await tamper(ctx.db, (tx) =>
      tx.query(
        `update public.audit_log set prev_hash = decode(repeat('11', 32), 'hex') where org_id = $1 and seq = 3`,
        [linked],
      ),
    );
    expect((await verifyChains(ctx.db, { orgId: linked, chains: ['audit_log'] })).reports[0]!.broken).toEqual({
      seq: 3,
      problem: 'relinked',
      detail: 'prev_hash does not match the hash of seq 2: entries were deleted, inserted or reordered here',
    });
    const edited = await chain(4);
    await tamper(ctx.db, (tx) =>
      tx.query(`update public.audit_log set action = 'forged' where org_id = $1 and seq = 4`, [edited]),
    );
    const r = (await verifyChains(ctx.db, { orgId: edited, chains: ['audit_log'] })).reports[0]!;
    expect(r).toMatchObject({ status: 'broken', lastSeq: 3, entries: 3 });
    expect(r.broken).toEqual({
      seq: 4,
      problem: 'edited',
      detail:
        "hash mismatch: the entry's content does not hash to its stored hash, so it was edited after it was written",
    });
  });

  /** The stored hash of one entry, in hex, as an anchor records it. */
  const hashOf = async (org: string, seq: number) =>
    (
      await ctx.db.query<{ h: string }>(
        "select encode(hash, 'hex') as h from public.audit_log where org_id = $1 and seq = $2",
        [org, seq],
      )
    ).rows[0]!.h;
  const FORGED = 'ff'.repeat(32);
  const fileAnchor = (a: Pick<Anchor, 'orgId' | 'chain' | 'seq' | 'hash'> & Partial<Anchor>): Anchor => ({
    signedAt: '2026-01-01T00:00:00.000Z',
    keyId: 'nobody',
    signature: 'AAAA',
    source: 'kept.json',
    ...a,
  });
  const withFile = (org: string, anchors: Anchor[], extra: Parameters<typeof verifyChains>[1] = {}) =>
    verifyChains(ctx.db, {
      orgId: org,
      chains: ['audit_log'],
      databaseAnchors: false,
      anchorFiles: [{ path: 'kept.json', publicKey: '', keyId: 'nobody', anchors }],
      ...extra,
    }).then((r) => r.reports[0]!);

  it("an anchor file's anchors count only for their own organisation and chain, from the first seq checked, in seq order", async () => {
    const org = await chain(5);
    const other = await chain(2);
    const r = await withFile(
      org,
      [
        fileAnchor({ orgId: org, chain: 'audit_log', seq: 4, hash: await hashOf(org, 4) }),
        fileAnchor({ orgId: org, chain: 'audit_log', seq: 3, hash: await hashOf(org, 3) }),
        fileAnchor({ orgId: other, chain: 'audit_log', seq: 2, hash: FORGED }),
        fileAnchor({ orgId: org, chain: 'admin_actions', seq: 3, hash: FORGED }),
        fileAnchor({ orgId: org, chain: 'audit_log', seq: 1, hash: FORGED }),
        fileAnchor({ orgId: org, chain: 'audit_log', seq: 2, hash: await hashOf(org, 2) }),
      ],
      { from: 2 },
    );
    expect(r).toMatchObject({ status: 'ok', anchors: { verified: 0, unchecked: 3, heldAt: 4 } });
  });

  it('a rewrite and a truncation are named with the anchor, and an anchor no trusted key can check says so', async () => {
    const org = await chain(5);
    const rewritten = await withFile(org, [fileAnchor({ orgId: org, chain: 'audit_log', seq: 3, hash: FORGED })]);
    expect(rewritten.broken).toEqual({
      seq: 1,
      throughSeq: 3,
      problem: 'rewritten',
      detail:
        'seq 3 differs from the anchor signed 2026-01-01T00:00:00.000Z (kept.json) (its signature could not be checked: no trusted key nobody) although the chain is internally consistent: it was rewritten from some seq in 1–3 on',
    });
    const afterHeld = await withFile(org, [
      fileAnchor({ orgId: org, chain: 'audit_log', seq: 2, hash: await hashOf(org, 2) }),
      fileAnchor({ orgId: org, chain: 'audit_log', seq: 4, hash: FORGED }),
    ]);
    expect(afterHeld.broken).toMatchObject({ seq: 3, throughSeq: 4, problem: 'rewritten' });
    expect(afterHeld.broken!.detail).toMatch(/it was rewritten from some seq in 3–4 on$/);
    const truncated = await withFile(org, [fileAnchor({ orgId: org, chain: 'audit_log', seq: 9, hash: FORGED })]);
    expect(truncated.broken).toEqual({
      seq: 7,
      problem: 'truncated',
      detail:
        'the chain ends at seq 6 but the anchor signed 2026-01-01T00:00:00.000Z (kept.json) (its signature could not be checked: no trusted key nobody) records seq 9: the tail was deleted',
    });
  });

  it('anchors signed by a trusted key are counted as verified; a forged signature is a bad anchor, even past the end', async () => {
    const key = parseSigningKey(generateSigningKeyValue(), 'report key');
    const keys = new Map<string, TrustedKey>([[key.keyId, key]]);
    const org = await chain(3);
    await anchorChains(ctx.db, { key, orgId: org });
    const signed = await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'], keys });
    expect(signed.reports[0]).toMatchObject({ status: 'ok', anchors: { verified: 1, unchecked: 0, heldAt: 4 } });
    const unchecked = await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'] });
    expect(unchecked.reports[0]).toMatchObject({ status: 'ok', anchors: { verified: 0, unchecked: 1, heldAt: 4 } });
    const forged = fileAnchor({ orgId: org, chain: 'audit_log', seq: 2, hash: await hashOf(org, 2), keyId: key.keyId });
    expect((await withFile(org, [forged], { keys })).broken).toEqual({
      seq: 2,
      problem: 'bad_anchor',
      detail: `the anchor for seq 2 (kept.json, signed 2026-01-01T00:00:00.000Z) does not verify with trusted key ${key.keyId}: the anchor itself was altered or forged`,
    });
    expect((await withFile(org, [{ ...forged, seq: 9 }], { keys })).broken).toMatchObject({
      seq: 9,
      problem: 'bad_anchor',
    });
  });

  it('a chain hashed in the v1 encoding up to some seq and in v2 after it verifies', async () => {
    const org = await chain(3);
    await tamper(ctx.db, (tx) => rehashFrom(tx, 'audit_log', org, 1, 'app.audit_entry_hash_v1'));
    await append(ctx.db, 'audit_log', org, 2);
    const r = await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'] });
    expect(r.reports[0]).toMatchObject({ status: 'ok', lastSeq: 6, entries: 6 });
  });

  it('without an organisation, every organisation with a chain or a file anchor is verified, in id order', async () => {
    const org = await chain(1);
    const r = await verifyChains(ctx.db, {
      chains: ['audit_log'],
      databaseAnchors: false,
      anchorFiles: [
        {
          path: 'kept.json',
          publicKey: '',
          keyId: 'nobody',
          anchors: [
            fileAnchor({ orgId: org, chain: 'audit_log', seq: 1, hash: await hashOf(org, 1) }),
            // An organisation the database no longer has a chain for, whose id sorts first.
            fileAnchor({ orgId: '00000000-0000-0000-0000-000000000000', chain: 'audit_log', seq: 1, hash: FORGED }),
          ],
        },
      ],
    });
    const ids = r.reports.map((x) => x.orgId);
    expect(ids).toContain(org);
    expect(ids[0]).toBe('00000000-0000-0000-0000-000000000000');
    expect(ids).toEqual([...ids].sort());
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
  });

  it('database and file anchors are merged in seq order, and a file anchor past the end still counts', async () => {
    const key = parseSigningKey(generateSigningKeyValue(), 'merge key');
    const org = await chain(3);
    await anchorChains(ctx.db, { key, orgId: org }); // a database anchor at seq 4
    await append(ctx.db, 'audit_log', org, 3);
    const anchors = [
      fileAnchor({ orgId: org, chain: 'audit_log', seq: 2, hash: await hashOf(org, 2) }),
      fileAnchor({ orgId: org, chain: 'audit_log', seq: 6, hash: await hashOf(org, 6) }),
    ];
    const file = { path: 'kept.json', publicKey: '', keyId: 'nobody', anchors };
    const both = await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'], anchorFiles: [file] });
    expect(both.reports[0]).toMatchObject({ status: 'ok', anchors: { unchecked: 3, heldAt: 6 } });
    const past = {
      ...file,
      anchors: [...anchors, fileAnchor({ orgId: org, chain: 'audit_log', seq: 12, hash: FORGED })],
    };
    const r = await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'], anchorFiles: [past] });
    expect(r.reports[0]!.broken).toMatchObject({ seq: 8, problem: 'truncated' });
  });

  it('a rewrite caught by a trusted anchor is reported without the "could not be checked" note', async () => {
    const key = parseSigningKey(generateSigningKeyValue(), 'trusted key');
    const keys = new Map<string, TrustedKey>([[key.keyId, key]]);
    const org = await chain(3);
    await anchorChains(ctx.db, { key, orgId: org });
    await tamper(ctx.db, async (tx) => {
      await tx.query(`update public.audit_log set action = 'rewritten' where org_id = $1 and seq = 3`, [org]);
      await rehashFrom(tx, 'audit_log', org, 3);
    });
    const r = await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'], keys });
    expect(r.reports[0]!.broken).toMatchObject({ seq: 1, throughSeq: 4, problem: 'rewritten' });
    expect(r.reports[0]!.broken!.detail).toMatch(
      /^seq 4 differs from the anchor signed \S+ \(palisade_audit\.anchors #\d+\) although the chain is internally consistent: it was rewritten from some seq in 1–4 on$/,
    );
  });

  it('ENTRY_COLUMNS reads an entry in the canonical form that hashes to its stored hash', async () => {
    const org = await chain(2);
    const { rows } = await ctx.db.query<EntryRow>(
      `select ${ENTRY_COLUMNS} from public.audit_log where org_id = $1 order by seq`,
      [org],
    );
    expect(rows).toHaveLength(3);
    let prev: Uint8Array = GENESIS_HASH;
    for (const row of rows) {
      expect(entryHash(prev, toCanonical('audit_log', org, row)).equals(Buffer.from(row.hash))).toBe(true);
      prev = row.hash;
    }
  });
});
