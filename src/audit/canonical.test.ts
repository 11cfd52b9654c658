import { describe, expect, it } from 'vitest';
import { describeEngines } from '../testing/engines.ts';
import { type CanonicalEntry, canonicalBytes, entryHash, field, GENESIS_HASH, jsonString } from './canonical.ts';
import { append, newOrg, rehashFrom, tamper } from './test-helpers.ts';
import { verifyChains } from './verify.ts';

/** The worked example of docs/audit.md: change one byte here and the docs are wrong. */
const VECTOR: CanonicalEntry = {
  chain: 'audit_log',
  orgId: '6f1f6a52-5c9e-4c3e-9a57-1d3b2f0c8e11',
  seq: 7,
  createdAt: '2025-01-31T12:34:56.789012Z',
  actorId: '0b6f3c2e-1d4a-4b5c-8d9e-0f1a2b3c4d5e',
  actorRole: 'authenticated',
  actorKeyId: null,
  action: 'organisation_members.update',
  targetTable: 'public.organisation_members',
  targetId: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924',
  oldData: '{"role": "viewer"}',
  newData: '{"b": 1.50, "aa": "Zoë ✓ \\"q\\"\\n", "role": "member"}',
  details: null,
  requestId: 'req-1',
  ip: '203.0.113.7',
  userAgent: '',
};
const VECTOR_V2 =
  '["palisade-audit/v2", "audit_log", "6f1f6a52-5c9e-4c3e-9a57-1d3b2f0c8e11", 7, "2025-01-31T12:34:56.789012Z", ' +
  '"0b6f3c2e-1d4a-4b5c-8d9e-0f1a2b3c4d5e", "authenticated", null, "organisation_members.update", "public.organisation_members", ' +
  '"e3b0c442-98fc-4c14-9afb-f4c8996fb924", {"role": "viewer"}, {"b": 1.50, "aa": "Zoë ✓ \\"q\\"\\n", "role": "member"}, null, ' +
  '"req-1", "203.0.113.7", ""]';
const VECTOR_HASH_V2 = '0507991a284f4a2d70d9c63ce5204600734be397c172f0bf1a94d9a172ae9675';
const VECTOR_CANONICAL =
  '17:palisade-audit/v1,9:audit_log,36:6f1f6a52-5c9e-4c3e-9a57-1d3b2f0c8e11,1:7,27:2025-01-31T12:34:56.789012Z,' +
  '36:0b6f3c2e-1d4a-4b5c-8d9e-0f1a2b3c4d5e,13:authenticated,~,27:organisation_members.update,27:public.organisation_members,' +
  '36:e3b0c442-98fc-4c14-9afb-f4c8996fb924,18:{"role": "viewer"},55:{"b": 1.50, "aa": "Zoë ✓ \\"q\\"\\n", "role": "member"},~,' +
  '5:req-1,11:203.0.113.7,0:,';
const VECTOR_HASH_V1 = '8bb4e21cd2ee6195a7cebd53a1ab5acdba092a65ff6e5f6325b666659900a4cc';

describe('canonical encoding in Node', () => {
  it('encodes the documented example byte for byte and hashes it to the documented digest, in v2 and in v1', () => {
    expect(canonicalBytes(VECTOR).toString('utf8')).toBe(VECTOR_V2);
    expect(entryHash(GENESIS_HASH, VECTOR).toString('hex')).toBe(VECTOR_HASH_V2);
    expect(canonicalBytes(VECTOR, 'v1').toString('utf8')).toBe(VECTOR_CANONICAL);
    expect(entryHash(GENESIS_HASH, VECTOR, 'v1').toString('hex')).toBe(VECTOR_HASH_V1);
  });

  it('v2 tells a null from an empty string and from the text "null", and a document from a string', () => {
    const v2 = (e: Partial<CanonicalEntry>) => canonicalBytes({ ...VECTOR, ...e }).toString('utf8');
    expect(
      new Set([
        v2({ details: null }),
        v2({ details: '"null"' }),
        v2({ requestId: null }),
        v2({ requestId: '' }),
        v2({ requestId: 'null' }),
      ]).size,
    ).toBe(5);
    expect(v2({ targetId: '{"a": 1}' })).toContain('"{\\"a\\": 1}"');
    expect(v2({ newData: '{"a": 1}' })).toContain(', {"a": 1}, ');
  });

  it('tells a null from an empty string, and counts bytes, not characters', () => {
    expect(field(null).toString()).toBe('~,');
    expect(field('').toString()).toBe('0:,');
    expect(field('é✓😀').toString()).toBe('9:é✓😀,');
    expect(field('~,').toString()).toBe('2:~,,');
  });
});

describeEngines('canonical encoding in SQL', (ctx) => {
  it('app.audit_entry_hash (v2) and app.audit_entry_hash_v1 agree with Node on the documented example, whatever spelling the JSON and time arrive in', async () => {
    const { rows } = await ctx.db.query<{ h: Uint8Array; h1: Uint8Array }>(
      `select app.audit_entry_hash($1, 'audit_log', $2, 7, $3::timestamptz, $4, 'authenticated', null, 'organisation_members.update',
         'public.organisation_members', 'e3b0c442-98fc-4c14-9afb-f4c8996fb924', $5::jsonb, $6::jsonb, null, 'req-1', '203.0.113.7', '') as h,
         app.audit_entry_hash_v1($1, 'audit_log', $2, 7, $3::timestamptz, $4, 'authenticated', null, 'organisation_members.update',
         'public.organisation_members', 'e3b0c442-98fc-4c14-9afb-f4c8996fb924', $5::jsonb, $6::jsonb, null, 'req-1', '203.0.113.7', '') as h1`,
      [
        GENESIS_HASH,
        VECTOR.orgId,
        '2025-01-31 13:34:56.789012+01', // another zone, same instant
        VECTOR.actorId,
        '{"role":"viewer"}',
        '{"role":"member","aa":"Zoë ✓ \\"q\\"\\n","b":1.50}', // other key order and spacing
      ],
    );
    expect(Buffer.from(rows[0]!.h).toString('hex')).toBe(VECTOR_HASH_V2);
    expect(Buffer.from(rows[0]!.h1).toString('hex')).toBe(VECTOR_HASH_V1);
  });

  it('escapes strings as json_build_array does: every ASCII character, quotes, backslashes, non-ASCII, U+2028', async () => {
    const ascii = Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)).join(''); // PostgreSQL text holds no NUL
    for (const v of [
      ascii,
      '',
      'null',
      'é✓😀 \u2028\u2029',
      '"\\"',
      '\\u0000',
      '\u007f\u0080\u00ff',
      'tab\tnew\nline\r\f\b',
    ]) {
      const { rows } = await ctx.db.query<{ j: string }>('select json_build_array($1::text)::text as j', [v]);
      expect(rows[0]!.j, JSON.stringify(v)).toBe(`[${jsonString(v)}]`);
    }
  });

  it('a chain written in v1 (before the v2 encoding) and continued in v2 verifies; an edit on either side is found', async () => {
    const org = await newOrg(ctx.db, 'Legacy v1 chain');
    await append(ctx.db, 'audit_log', org, 3);
    // Seq 1–4 as a database before v2 wrote them: hashed in v1 (the rewrite marks the head, so the
    // next append continues from the chain's last entry, as an upgraded database does).
    await tamper(ctx.db, (tx) => rehashFrom(tx, 'audit_log', org, 1, 'app.audit_entry_hash_v1'));
    await append(ctx.db, 'audit_log', org, 3);
    const { rows } = await ctx.db.query<{ seq: string; v1: boolean; v2: boolean }>(
      `select seq::text, hash = app.audit_entry_hash_v1(prev_hash, 'audit_log', org_id, seq, created_at, actor_id, actor_role, actor_key_id,
         action, target_table, target_id, old_data, new_data, details, request_id, ip, user_agent) as v1,
       hash = app.audit_entry_hash(prev_hash, 'audit_log', org_id, seq, created_at, actor_id, actor_role, actor_key_id,
         action, target_table, target_id, old_data, new_data, details, request_id, ip, user_agent) as v2
       from public.audit_log where org_id = $1 order by seq`,
      [org],
    );
    expect(rows.map((r) => [Number(r.seq), r.v1, r.v2])).toEqual([
      [1, true, false],
      [2, true, false],
      [3, true, false],
      [4, true, false],
      [5, false, true],
      [6, false, true],
      [7, false, true],
    ]);
    expect((await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'] })).reports[0]).toMatchObject({
      status: 'ok',
      entries: 7,
    });
    for (const seq of [6, 2]) {
      await tamper(ctx.db, (tx) =>
        tx.query(`update public.audit_log set target_id = target_id || '!' where org_id = $1 and seq = $2`, [org, seq]),
      );
      const report = (await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'] })).reports[0]!;
      expect(report.broken, `seq ${seq}`).toMatchObject({ seq, problem: 'edited' });
    }
  });

  it('app.audit_field agrees with Node on nulls, empty strings and multi-byte text', async () => {
    for (const v of [null, '', 'é✓😀', '~,', '3:abc,', 'tab\tnew\nline']) {
      const { rows } = await ctx.db.query<{ f: Uint8Array }>('select app.audit_field($1) as f', [v]);
      expect(Buffer.from(rows[0]!.f).equals(field(v)), JSON.stringify(v)).toBe(true);
    }
  });

  it('entries with awkward content written by SQL verify in Node', async () => {
    const org = await newOrg(ctx.db, 'Awkward Ünïcode 😀');
    const awkward = [
      { s: 'emoji 😀 and \u0001 control, "quotes", back\\slash, tab\t' },
      // biome-ignore lint/correctness/noPrecisionLoss: a number past double precision is the case under test
      { n: 12345678901234567890.5, tiny: 1e-7, exact: 1.5, list: [true, false, null, [], {}] },
      { 'key with spaces': 'v', a: { z: 1, aa: 2, b: 3 } },
    ];
    for (const [i, d] of awkward.entries()) {
      await ctx.db.query(`select app.audit_append('audit_log', $1, $2, $3, $4, null, $5::jsonb, $6::jsonb)`, [
        org,
        `test.awkward.${i}`,
        i === 0 ? '' : 'public.things',
        '~,3:x,',
        JSON.stringify(d),
        '{"precise": 1.500, "big": 99999999999999999999999999.000001}',
      ]);
    }
    await ctx.db.transaction(async (tx) => {
      await tx.query(
        `select set_config('palisade.user_agent', 'Mozilla/5.0 (X11; Linux) «ü»', true), set_config('palisade.client_ip', '::1', true)`,
      );
      await tx.query(
        `select app.audit_append('admin_actions', $1, 'test.context', null, null, null, null, null, 'req-✓')`,
        [org],
      );
    });
    const r = await verifyChains(ctx.db, { orgId: org });
    expect(r.reports.map((x) => [x.chain, x.status, x.entries])).toEqual([
      ['audit_log', 'ok', 4],
      ['admin_actions', 'ok', 1],
    ]);
  });
});
