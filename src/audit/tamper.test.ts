import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeEngines } from '../testing/engines.ts';
import { anchorChains, readAnchorFile } from './anchors.ts';
import { generateSigningKeyValue, parseSigningKey, type TrustedKey } from './keys.ts';
import { append, newOrg, rehashFrom, shiftUp, swap, tamper } from './test-helpers.ts';
import { type ChainReport, verifyChains } from './verify.ts';

const key = parseSigningKey(generateSigningKeyValue(), 'test key');
const trusted = new Map<string, TrustedKey>([[key.keyId, key]]);
const stranger = parseSigningKey(generateSigningKeyValue(), 'untrusted key');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'palisade-audit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describeEngines('audit chain tampering', (ctx) => {
  /** A fresh organisation whose audit_log holds seq 1 (its creation) and 1..n more events: n + 1 entries. */
  async function chain(n = 9): Promise<string> {
    const org = await newOrg(ctx.db, `Tamper ${Math.random().toString(36).slice(2, 8)}`);
    await append(ctx.db, 'audit_log', org, n);
    return org;
  }

  async function report(orgId: string, opts: Parameters<typeof verifyChains>[1] = {}): Promise<ChainReport> {
    const r = await verifyChains(ctx.db, { orgId, chains: ['audit_log'], keys: trusted, ...opts });
    return r.reports[0]!;
  }

  it('an untouched chain holds, entry by entry, with every hash recomputed in Node', async () => {
    const org = await chain();
    const r = await report(org);
    expect(r).toMatchObject({ status: 'ok', fromSeq: 1, lastSeq: 10, entries: 10 });
  });

  it('editing one entry is reported as edited at that seq, and restoring it makes the chain hold again', async () => {
    const org = await chain();
    const { rows } = await ctx.db.query<{ details: unknown }>(
      'select details from public.audit_log where org_id = $1 and seq = 5',
      [org],
    );
    await tamper(ctx.db, (tx) =>
      tx.query(`update public.audit_log set details = '{"i": 3, "amount": 1000000}' where org_id = $1 and seq = 5`, [
        org,
      ]),
    );
    expect((await report(org)).broken).toMatchObject({ seq: 5, problem: 'edited' });
    await tamper(ctx.db, (tx) =>
      tx.query('update public.audit_log set details = $2 where org_id = $1 and seq = 5', [
        org,
        JSON.stringify(rows[0]!.details),
      ]),
    );
    expect((await report(org)).status).toBe('ok');
  });

  it('editing only the timestamp is caught: created_at is hashed to the microsecond', async () => {
    const org = await chain();
    await tamper(ctx.db, (tx) =>
      tx.query(
        `update public.audit_log set created_at = created_at + interval '1 microsecond' where org_id = $1 and seq = 3`,
        [org],
      ),
    );
    expect((await report(org)).broken).toMatchObject({ seq: 3, problem: 'edited' });
  });

  it('deleting an entry is reported as missing at its seq', async () => {
    const org = await chain();
    await tamper(ctx.db, (tx) => tx.query('delete from public.audit_log where org_id = $1 and seq = 6', [org]));
    expect((await report(org)).broken).toMatchObject({ seq: 6, problem: 'missing' });
  });

  it('deleting the first entry is reported at seq 1', async () => {
    const org = await chain();
    await tamper(ctx.db, (tx) => tx.query('delete from public.audit_log where org_id = $1 and seq = 1', [org]));
    expect((await report(org)).broken).toMatchObject({ seq: 1, problem: 'missing' });
  });

  it('swapping two entries is reported as relinked at the first of them', async () => {
    const org = await chain();
    await tamper(ctx.db, (tx) => swap(tx, 'audit_log', org, 4, 7));
    expect((await report(org)).broken).toMatchObject({ seq: 4, problem: 'relinked' });
  });

  it("editing only an entry's prev_hash is reported as relinked at that seq", async () => {
    const org = await chain();
    await tamper(ctx.db, (tx) =>
      tx.query(`update public.audit_log set prev_hash = sha256('elsewhere'::bytea) where org_id = $1 and seq = 6`, [
        org,
      ]),
    );
    expect((await report(org)).broken).toMatchObject({ seq: 6, problem: 'relinked' });
  });

  it('renumbering to insert an entry with a made-up hash is reported at the inserted seq', async () => {
    const org = await chain();
    await tamper(ctx.db, async (tx) => {
      await shiftUp(tx, 'audit_log', org, 5);
      await tx.query(
        `insert into public.audit_log (org_id, seq, created_at, actor_role, action, prev_hash, hash)
         select org_id, 5, created_at, 'service_role', 'test.event', hash, sha256('forged'::bytea)
         from public.audit_log where org_id = $1 and seq = 4`,
        [org],
      );
    });
    expect((await report(org)).broken).toMatchObject({ seq: 5, problem: 'edited' });
  });

  it('an insertion hashed correctly still breaks the link to the entry after it', async () => {
    const org = await chain();
    await tamper(ctx.db, async (tx) => {
      await shiftUp(tx, 'audit_log', org, 5);
      await tx.query(
        `insert into public.audit_log (org_id, seq, created_at, actor_role, action, prev_hash, hash)
         select org_id, 5, created_at, 'service_role', 'test.forged', hash, hash from public.audit_log where org_id = $1 and seq = 4`,
        [org],
      );
      await tx.query(
        `update public.audit_log t set hash = app.audit_entry_hash(t.prev_hash, 'audit_log', t.org_id, t.seq, t.created_at, t.actor_id,
           t.actor_role, t.actor_key_id, t.action, t.target_table, t.target_id, t.old_data, t.new_data, t.details, t.request_id, t.ip, t.user_agent)
         where t.org_id = $1 and t.seq = 5`,
        [org],
      );
    });
    // The intruder at 5 is a valid entry linked to 4; the old 5, now 6, still links to 4. Re-hashing
    // everything after the intruder too would be a consistent rewrite, which only anchors catch (below).
    expect((await report(org)).broken).toMatchObject({ seq: 6, problem: 'relinked' });
  });

  it('truncating the tail after an anchor is reported as truncated at the first missing seq', async () => {
    const org = await chain();
    await anchorChains(ctx.db, { key, orgId: org });
    await tamper(ctx.db, (tx) => tx.query('delete from public.audit_log where org_id = $1 and seq > 7', [org]));
    const r = await report(org);
    expect(r.broken).toMatchObject({ seq: 8, problem: 'truncated' });
    expect(r.broken!.detail).toContain('records seq 10');
  });

  it('a deleted tail shows up as a gap at the next append, even without an anchor', async () => {
    const org = await chain(); // seq 1..10, each appended in its own transaction
    await tamper(ctx.db, (tx) => tx.query('delete from public.audit_log where org_id = $1 and seq > 8', [org]));
    await append(ctx.db, 'audit_log', org, 1); // continues after 10, where the chain had got to
    const r = await report(org);
    expect(r.broken).toMatchObject({ seq: 9, problem: 'missing' });
    expect(r.broken!.detail).toContain('next entry is seq 11');
  });

  it('after a marked rewrite of the tail, the next append links to the rewritten entry', async () => {
    const org = await chain(4); // seq 1..5
    await tamper(ctx.db, async (tx) => {
      await tx.query(`update public.audit_log set details = '{"rehashed": true}' where org_id = $1 and seq = 4`, [org]);
      await rehashFrom(tx, 'audit_log', org, 4);
    });
    await append(ctx.db, 'audit_log', org, 1); // 6
    expect(await report(org)).toMatchObject({ status: 'ok', lastSeq: 6, entries: 6 });
  });

  it('deleting every entry of an anchored chain is still reported, from seq 1', async () => {
    const org = await chain(3);
    await anchorChains(ctx.db, { key, orgId: org });
    await tamper(ctx.db, async (tx) => {
      await tx.query('delete from public.audit_log where org_id = $1', [org]);
      await tx.query(`delete from palisade_audit.chain_heads where org_id = $1`, [org]);
    });
    const all = await verifyChains(ctx.db, { keys: trusted });
    expect(all.reports.find((x) => x.orgId === org && x.chain === 'audit_log')?.broken).toMatchObject({
      seq: 1,
      problem: 'truncated',
    });
  });

  it('a consistent rewrite from just after an anchor is reported at that seq', async () => {
    const org = await chain(3); // seq 1..4
    await anchorChains(ctx.db, { key, orgId: org }); // anchor at 4
    await append(ctx.db, 'audit_log', org, 6); // seq 5..10
    await anchorChains(ctx.db, { key, orgId: org }); // anchor at 10
    await tamper(ctx.db, async (tx) => {
      await tx.query(`update public.audit_log set details = '{"rewritten": true}' where org_id = $1 and seq = 5`, [
        org,
      ]);
      await rehashFrom(tx, 'audit_log', org, 5);
    });
    const r = await report(org);
    expect(r.broken).toMatchObject({ seq: 5, throughSeq: 10, problem: 'rewritten' });
    expect(r.anchors.heldAt).toBe(4);
  });

  it('a consistent rewrite further on is bounded by the anchors around it', async () => {
    const org = await chain(3);
    await anchorChains(ctx.db, { key, orgId: org }); // 4
    await append(ctx.db, 'audit_log', org, 6);
    await anchorChains(ctx.db, { key, orgId: org }); // 10
    await append(ctx.db, 'audit_log', org, 2); // 11, 12: not anchored yet
    await tamper(ctx.db, async (tx) => {
      await tx.query(`update public.audit_log set action = 'test.quietly-changed' where org_id = $1 and seq = 7`, [
        org,
      ]);
      await rehashFrom(tx, 'audit_log', org, 7);
    });
    const r = await report(org);
    expect(r.broken).toMatchObject({ seq: 5, throughSeq: 10, problem: 'rewritten' });
    expect(r.broken!.seq).toBeLessThanOrEqual(7);
    expect(r.broken!.throughSeq).toBeGreaterThanOrEqual(7);
  });

  it('a forged anchor row is reported as a bad anchor, not trusted', async () => {
    const org = await chain(2);
    const { rows } = await ctx.db.query<{ hash: Uint8Array }>(
      'select hash from public.audit_log where org_id = $1 and seq = 3',
      [org],
    );
    await ctx.db.query(
      `insert into palisade_audit.anchors (org_id, chain, seq, hash, signed_at, key_id, signature) values ($1, 'audit_log', 3, $2, now(), $3, $4)`,
      [org, rows[0]!.hash, key.keyId, Buffer.alloc(64, 7)],
    );
    expect((await report(org)).broken).toMatchObject({ seq: 3, problem: 'bad_anchor' });
  });

  it('anchors signed by an unknown key are still compared, and counted as unchecked', async () => {
    const org = await chain(4);
    await anchorChains(ctx.db, { key: stranger, orgId: org });
    expect((await report(org)).anchors).toMatchObject({ verified: 0, unchecked: 1, heldAt: 5 });
    await tamper(ctx.db, (tx) => tx.query('delete from public.audit_log where org_id = $1 and seq = 5', [org]));
    expect((await report(org)).broken).toMatchObject({ seq: 5, problem: 'truncated' });
  });

  it('an anchor file kept outside the database catches a truncation even after the stored anchors are deleted', async () => {
    const org = await chain(5);
    const out = path.join(tmp, `anchors-${ctx.engine}.json`);
    const res = await anchorChains(ctx.db, { key, orgId: org, out });
    expect(res).toMatchObject({ signed: 1, problems: [] }); // its audit_log; it has no admin_actions yet
    await tamper(ctx.db, async (tx) => {
      await tx.query('delete from palisade_audit.anchors where org_id = $1', [org]);
      await tx.query('delete from public.audit_log where org_id = $1 and seq >= 4', [org]);
      await tx.query(
        `update palisade_audit.chain_heads h set seq = 3, hash = (select hash from public.audit_log where org_id = $1 and seq = 3) where org_id = $1 and chain = 'audit_log'`,
        [org],
      );
    });
    expect((await report(org)).status).toBe('ok'); // the database alone can no longer tell
    const file = readAnchorFile(out);
    expect((await report(org, { anchorFiles: [file] })).broken).toMatchObject({ seq: 4, problem: 'truncated' });
  });

  it('anchoring refuses a chain whose tail is gone, rather than blessing the truncation', async () => {
    const org = await chain(4);
    await tamper(ctx.db, (tx) => tx.query('delete from public.audit_log where org_id = $1 and seq = 5', [org]));
    const res = await anchorChains(ctx.db, { key, orgId: org });
    expect(res.problems).toEqual([expect.objectContaining({ orgId: org, chain: 'audit_log' })]);
    expect(res.stored).toBe(0);
  });

  it('--from starts mid-chain: an edit before it is not looked at, one after it is found', async () => {
    const org = await chain();
    await tamper(ctx.db, (tx) =>
      tx.query(`update public.audit_log set target_id = 'x' where org_id = $1 and seq in (2, 8)`, [org]),
    );
    expect((await report(org, { from: 5 })).broken).toMatchObject({ seq: 8, problem: 'edited' });
    expect(await report(org, { from: 9 })).toMatchObject({ status: 'ok', fromSeq: 9, lastSeq: 10, entries: 2 });
  });

  it('pages through a chain longer than a page without losing or repeating an entry', async () => {
    const org = await chain(25);
    const r = await report(org, { pageSize: 7 });
    expect(r).toMatchObject({ status: 'ok', lastSeq: 26, entries: 26 });
    await tamper(ctx.db, (tx) => tx.query('delete from public.audit_log where org_id = $1 and seq = 15', [org]));
    expect((await report(org, { pageSize: 7 })).broken).toMatchObject({ seq: 15, problem: 'missing' });
  });
});
