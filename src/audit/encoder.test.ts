import { describe, expect, it } from 'vitest';
import type { Database } from '../db/types.ts';
import { describeEngines } from '../testing/engines.ts';
import {
  canonicalBytes,
  ENTRY_COLUMNS,
  type EntryRow,
  entryHash,
  GENESIS_HASH,
  sameBytes,
  toCanonical,
} from './canonical.ts';
import { DateCache, dateText, EntryEncoder } from './encoder.ts';
import { decodePage, PageReader, pageQuery } from './page.ts';
import { append, newOrg, rehashFrom, tamper } from './test-helpers.ts';
import { verifyChains } from './verify.ts';

/** Times whose to_char spelling has a trap: trailing zeros, BC years, five-digit years, the epochs. */
const AWKWARD_TIMES = [
  '2025-01-31 12:34:56.789012+00',
  '2025-01-31 12:34:56.1+00', // .100000: trailing zeros are spelt out
  '2025-01-31 12:34:56+00', // .000000
  '2000-01-01 00:00:00+00', // PostgreSQL's epoch: zero microseconds
  '1999-12-31 23:59:59.999999+00', // just before it: negative microseconds
  '1970-01-01 00:00:00+00',
  '1969-12-31 23:59:59.000001+00',
  '2024-02-29 23:59:59.5+00', // a leap day
  '1900-03-01 00:00:00+00', // 1900 was not a leap year
  '0001-01-01 00:00:00+00',
  '0001-12-31 23:59:59.999999+00 BC', // astronomical year 0, spelt 0001
  '0044-03-15 12:00:00+00 BC',
  '4713-01-01 00:00:00+00 BC', // the earliest timestamptz
  '9999-12-31 23:59:59.999999+00',
  '10000-01-01 00:00:00+00', // five digits
  '294276-12-31 23:59:59.999999+00', // the latest: beyond 2^53 microseconds
  'infinity',
  '-infinity',
];

/** The created_at field as the encoder writes it, from timestamptz_send's 8 bytes. */
function encodeTime(sent: Uint8Array, format: 'v1' | 'v2' = 'v1'): string {
  const out = Buffer.alloc(64);
  const end = new DateCache(format).writeField(out, 0, Buffer.from(sent), 0);
  return out.subarray(0, end).toString('latin1');
}

describe('the fast canonical encoder in Node', () => {
  it('spells dates as to_char does, across eras', () => {
    expect(dateText(0)).toBe('1970-01-01');
    expect(dateText(10_957)).toBe('2000-01-01');
    expect(dateText(19_782)).toBe('2024-02-29');
    expect(dateText(-719_162)).toBe('0001-01-01');
    expect(dateText(-719_163)).toBe('0001-12-31'); // 1 BC
    expect(dateText(2_932_897)).toBe('10000-01-01');
  });
});

describeEngines('the verifier page encoding', (ctx) => {
  it('writes created_at exactly as to_char does, for every awkward time and for ±infinity', async () => {
    for (const t of AWKWARD_TIMES) {
      const { rows } = await ctx.db.query<{ text: string | null; sent: Uint8Array }>(
        `select to_char($1::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as text, timestamptz_send($1::timestamptz) as sent`,
        [t],
      );
      const expected = rows[0]!.text === null ? '~,' : `${Buffer.byteLength(rows[0]!.text)}:${rows[0]!.text},`;
      expect(encodeTime(rows[0]!.sent), t).toBe(expected);
      expect(encodeTime(rows[0]!.sent, 'v2'), t).toBe(rows[0]!.text === null ? 'null' : JSON.stringify(rows[0]!.text));
    }
  });

  it('rebuilds every entry byte for byte as the reference encoding does, and the chain verifies', async () => {
    const org = await newOrg(ctx.db, 'Page encoding Ünïcode 😀');
    const awkward: [string, unknown, unknown][] = [
      ['', { s: 'emoji 😀, é, ✓, \u0001 control, "quotes", back\\slash, tab\t' }, null],
      // biome-ignore lint/correctness/noPrecisionLoss: a number past double precision is the case under test
      ['~,3:x,', null, { big: 99999999999999999999999999.000001, exact: 1.5, list: [true, false, null, [], {}] }],
      ['a long target id, '.repeat(8), { long: 'x'.repeat(100_000) }, { nested: { 'key with spaces': 'v' } }],
      ['quote " back\\ tab\t nl\n cr\r ff\f bs\b \u0001 \u001f \u007f é ✓ 😀 \u2028', null, null],
      ['"\\'.repeat(20_000), null, null], // escaped, it outgrows the 64 KiB buffer
      [Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)).join(''), null, null], // every ASCII character
    ];
    for (const [i, [targetId, newData, details]] of awkward.entries()) {
      // (the last two entries' target ids are strings to escape in v2)
      await ctx.db.query(`select app.audit_append('audit_log', $1, $2, $3, $4, null, $5::jsonb, $6::jsonb)`, [
        org,
        `test.page.${i}`,
        i === 0 ? '' : 'public.things',
        targetId,
        newData === null ? null : JSON.stringify(newData),
        details === null ? null : JSON.stringify(details),
      ]);
    }
    await append(ctx.db, 'audit_log', org, AWKWARD_TIMES.length);
    // Give the later entries the awkward times, then re-hash them with SQL's own app.audit_entry_hash.
    const first = awkward.length + 2;
    await tamper(ctx.db, async (tx) => {
      for (const [i, t] of AWKWARD_TIMES.entries()) {
        await tx.query('update public.audit_log set created_at = $3::timestamptz where org_id = $1 and seq = $2', [
          org,
          first + i,
          t,
        ]);
      }
      await rehashFrom(tx, 'audit_log', org, first);
    });

    const { rows } = await ctx.db.query<EntryRow>(
      `select ${ENTRY_COLUMNS} from public.audit_log e where e.org_id = $1 order by e.seq`,
      [org],
    );
    const page = await ctx.db.query<{ page: string; n: number }>(pageQuery('audit_log', 'strict'), [
      org,
      0,
      rows.length,
    ]);
    expect(page.rows[0]!.n).toBe(rows.length);
    const reader = new PageReader(decodePage(page.rows[0]!.page));
    const encoder = new EntryEncoder('audit_log', org);
    let prev: Uint8Array = GENESIS_HASH;
    for (const row of rows) {
      expect(reader.next()).toBe(true);
      expect(reader.seq).toBe(Number(row.seq));
      // Both encodings, of the same entry, in either order: each walk leaves the reader as it was.
      for (const format of ['v1', 'v2', 'v1'] as const) {
        const reference = Buffer.concat([prev, canonicalBytes(toCanonical('audit_log', org, row), format)]);
        expect(encoder.encode(reader, reader.seq, prev, format).equals(reference), `seq ${row.seq} ${format}`).toBe(
          true,
        );
      }
      expect(
        sameBytes(entryHash(prev, toCanonical('audit_log', org, row)), row.hash),
        `seq ${row.seq}: SQL wrote v2`,
      ).toBe(true);
      prev = row.hash;
    }
    expect(reader.next()).toBe(false);

    const fast = await ctx.db.query<{ page: string }>(pageQuery('audit_log', 'index'), [org, 0, rows.length]);
    expect(decodePage(fast.rows[0]!.page).equals(decodePage(page.rows[0]!.page))).toBe(true);

    const r = await verifyChains(ctx.db, { orgId: org, chains: ['audit_log'] });
    expect(r.reports[0]).toMatchObject({ status: 'ok', entries: rows.length });
  });

  it('entries the fast read delivers out of order are re-read in strict order, not reported', async () => {
    const org = await newOrg(ctx.db, 'Out of order');
    await append(ctx.db, 'audit_log', org, 30);
    // A database whose index-order pages come backwards: what SQL would be allowed to do.
    const backwards: Database = Object.create(ctx.db, {
      query: {
        // palisade-lint: constant-sql a test double of Database.query, passing on the SQL text it is given
        value: (sql: string, params?: unknown[]) =>
          ctx.db.query(
            sql === pageQuery('audit_log', 'index')
              ? pageQuery('audit_log', 'strict').replace('order by e.seq)', 'order by e.seq desc)')
              : sql,
            params,
          ),
      },
    });
    const r = await verifyChains(backwards, { orgId: org, chains: ['audit_log'], pageSize: 8 });
    expect(r.reports[0]).toMatchObject({ status: 'ok', lastSeq: 31, entries: 31 });
    await tamper(ctx.db, (tx) => tx.query('delete from public.audit_log where org_id = $1 and seq = 20', [org]));
    expect(
      (await verifyChains(backwards, { orgId: org, chains: ['audit_log'], pageSize: 8 })).reports[0]!.broken,
    ).toMatchObject({ seq: 20, problem: 'missing' });
  });
});
