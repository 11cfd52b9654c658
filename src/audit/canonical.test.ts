import { describe, expect, it } from 'vitest';
import { describeEngines } from '../testing/engines.ts';
import { canonicalBytes, entryHash, field, GENESIS_HASH, type CanonicalEntry } from './canonical.ts';
import { newOrg } from './test-helpers.ts';
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
const VECTOR_CANONICAL =
  '17:palisade-audit/v1,9:audit_log,36:6f1f6a52-5c9e-4c3e-9a57-1d3b2f0c8e11,1:7,27:2025-01-31T12:34:56.789012Z,' +
  '36:0b6f3c2e-1d4a-4b5c-8d9e-0f1a2b3c4d5e,13:authenticated,~,27:organisation_members.update,27:public.organisation_members,' +
  '36:e3b0c442-98fc-4c14-9afb-f4c8996fb924,18:{"role": "viewer"},55:{"b": 1.50, "aa": "Zoë ✓ \\"q\\"\\n", "role": "member"},~,' +
  '5:req-1,11:203.0.113.7,0:,';
const VECTOR_HASH = '8bb4e21cd2ee6195a7cebd53a1ab5acdba092a65ff6e5f6325b666659900a4cc';

describe('canonical encoding in Node', () => {
  it('encodes the documented example byte for byte and hashes it to the documented digest', () => {
    expect(canonicalBytes(VECTOR).toString('utf8')).toBe(VECTOR_CANONICAL);
    expect(entryHash(GENESIS_HASH, VECTOR).toString('hex')).toBe(VECTOR_HASH);
  });

  it('tells a null from an empty string, and counts bytes, not characters', () => {
    expect(field(null).toString()).toBe('~,');
    expect(field('').toString()).toBe('0:,');
    expect(field('é✓😀').toString()).toBe('9:é✓😀,');
    expect(field('~,').toString()).toBe('2:~,,');
  });
});

describeEngines('canonical encoding in SQL', (ctx) => {
  it('app.audit_entry_hash agrees with Node on the documented example, whatever spelling the JSON and time arrive in', async () => {
    const { rows } = await ctx.db.query<{ h: Uint8Array }>(
      `select app.audit_entry_hash($1, 'audit_log', $2, 7, $3::timestamptz, $4, 'authenticated', null, 'organisation_members.update',
         'public.organisation_members', 'e3b0c442-98fc-4c14-9afb-f4c8996fb924', $5::jsonb, $6::jsonb, null, 'req-1', '203.0.113.7', '') as h`,
      [
        GENESIS_HASH,
        VECTOR.orgId,
        '2025-01-31 13:34:56.789012+01', // another zone, same instant
        VECTOR.actorId,
        '{"role":"viewer"}',
        '{"role":"member","aa":"Zoë ✓ \\"q\\"\\n","b":1.50}', // other key order and spacing
      ],
    );
    expect(Buffer.from(rows[0]!.h).toString('hex')).toBe(VECTOR_HASH);
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
      await tx.query(`select set_config('palisade.user_agent', 'Mozilla/5.0 (X11; Linux) «ü»', true), set_config('palisade.client_ip', '::1', true)`);
      await tx.query(`select app.audit_append('admin_actions', $1, 'test.context', null, null, null, null, null, 'req-✓')`, [org]);
    });
    const r = await verifyChains(ctx.db, { orgId: org });
    expect(r.reports.map((x) => [x.chain, x.status, x.entries])).toEqual([
      ['audit_log', 'ok', 4],
      ['admin_actions', 'ok', 1],
    ]);
  });
});
