/**
 * How the verifier reads entries: a window of one chain as ONE bytea, built by PostgreSQL's own
 * binary send functions, so Node rebuilds each canonical encoding from raw bytes (src/audit/encoder.ts)
 * instead of receiving 16 text columns per row. Per entry:
 *
 *   hash (32 bytes) ‖ prev_hash (32) ‖ int8send(seq) (8) ‖ timestamptz_send(created_at) (8)
 *   ‖ array_send(text[12]: actor_id … user_agent, in canonical order)
 *
 * Why this shape: with 16 text columns a row cost Node more to parse than to hash, and the server
 * spent as much again formatting timestamps. Here one value
 * crosses the wire per page; field boundaries and SQL nulls come from array_send's length words
 * (-1 for null), written by PostgreSQL's C code, not by any SQL we wrote; the encoding (v2 or v1), the
 * timestamp text and the hash are all computed in Node. Nothing here trusts app.audit_field,
 * app.audit_entry_hash or SQL's sha256.
 */
import { CHAIN_TABLE, type Chain } from './canonical.ts';

/** The variable fields, in canonical order after created_at. */
const FIELDS = [
  'e.actor_id::text',
  'e.actor_role',
  'e.actor_key_id::text',
  'e.action',
  'e.target_table',
  'e.target_id',
  'e.old_data::text',
  'e.new_data::text',
  'e.details::text',
  'e.request_id',
  'e.ip',
  'e.user_agent',
];
export const FIELD_COUNT = FIELDS.length;

const ENTRY_BYTES = `e.hash || e.prev_hash || int8send(e.seq) || timestamptz_send(e.created_at)
      || array_send(array[${FIELDS.join(', ')}])`;
const WINDOW = `e.org_id = $1 and e.seq > $2::bigint and e.seq <= $2::bigint + $3::bigint`;

/**
 * Entries with $2 < seq <= $2 + $3 of organisation $1: `page` the bytes in base64 (null when none),
 * `n` how many. Base64 rather than bytea's hex output: a third fewer bytes to receive, and Node
 * decodes it several times faster.
 *
 * `index`: the entries in the order the primary-key scan yields them, seq order in practice; SQL
 * does not promise that an aggregate keeps its input's order, so the verifier accepts entries only
 * in consecutive seq order and, before reporting a gap, re-reads the window `strict`ly. `strict`
 * sorts inside the aggregate: guaranteed, and more server time per page, which is why it is not
 * the default.
 */
export function pageQuery(chain: Chain, order: 'index' | 'strict'): string {
  if (order === 'strict') {
    return `select encode(string_agg(${ENTRY_BYTES}, ''::bytea order by e.seq), 'base64') as page, count(*)::int as n
      from ${CHAIN_TABLE[chain]} e where ${WINDOW}`;
  }
  return `select encode(string_agg(p.entry, ''::bytea), 'base64') as page, count(*)::int as n
    from (select ${ENTRY_BYTES} as entry from ${CHAIN_TABLE[chain]} e where ${WINDOW} order by e.seq) p`;
}

const TEXT_OID = 25;
/** array_send's header for a one-dimensional array: ndim, has-nulls flag, element type, length, lower bound. */
const ARRAY_HEADER = 20;
const FIXED = 32 + 32 + 8 + 8;

/** The page's bytes (PostgreSQL's base64 has line breaks, which Buffer.from skips). */
export function decodePage(base64: string): Buffer {
  return Buffer.from(base64, 'base64');
}

/**
 * A cursor over one page. `next()` moves to the next entry and exposes where its parts are;
 * nothing is copied or allocated per entry.
 */
export class PageReader {
  /** Offsets of the current entry's parts in `buf`. */
  hashAt = 0;
  prevAt = 0;
  createdAtAt = 0;
  /** The first field's length word. */
  fieldsAt = 0;
  /** The current entry's seq; NaN when it lies beyond 2^53 (it can then only be out of place). */
  seq = 0;
  /** Where the current entry ends; -1 until its fields have been walked (by the encoder, or by next()). */
  private end = 0;

  constructor(readonly buf: Buffer) {}

  next(): boolean {
    const b = this.buf;
    if (this.end < 0) this.fieldsEndAt(this.skipFields());
    const at = this.end;
    if (at >= b.length) return false;
    this.hashAt = at;
    this.prevAt = at + 32;
    this.seq = readInt64(b, at + 64);
    this.createdAtAt = at + 72;
    const arr = at + FIXED;
    if (b.readInt32BE(arr) !== 1 || b.readInt32BE(arr + 8) !== TEXT_OID || b.readInt32BE(arr + 12) !== FIELD_COUNT) {
      throw new Error(`audit verify: unexpected page layout at byte ${arr}`);
    }
    this.fieldsAt = arr + ARRAY_HEADER;
    this.end = -1;
    return true;
  }

  /**
   * Called by whoever walked the current entry's fields (the encoder does, copying them), so
   * they are walked once, not twice.
   */
  fieldsEndAt(end: number) {
    this.end = end;
  }

  private skipFields(): number {
    const b = this.buf;
    let p = this.fieldsAt;
    for (let i = 0; i < FIELD_COUNT; i++) {
      const len = b.readInt32BE(p);
      p += 4 + Math.max(len, 0);
    }
    return p;
  }

  prevHashEquals(h: Uint8Array): boolean {
    return equal32(this.buf, this.prevAt, h);
  }

  /** Whether the stored hash is `latin1`, a digest spelt one character per byte. */
  hashEquals(latin1: string): boolean {
    const b = this.buf;
    const at = this.hashAt;
    if (latin1.length !== 32) return false;
    for (let i = 0; i < 32; i++) if (latin1.charCodeAt(i) !== b[at + i]) return false;
    return true;
  }

  /** The stored hash: a view into the page, no copy. */
  hash(): Buffer {
    return this.buf.subarray(this.hashAt, this.hashAt + 32);
  }
}

// A plain loop: for 32 bytes, cheaper than Buffer.compare's call into C++.
function equal32(b: Buffer, at: number, h: Uint8Array): boolean {
  if (h.length !== 32) return false;
  for (let i = 0; i < 32; i++) if (b[at + i] !== h[i]) return false;
  return true;
}

const TWO_32 = 4294967296;

/** A signed 64-bit integer as a number, exact within ±2^53; NaN outside (never a silently rounded value). */
function readInt64(b: Buffer, at: number): number {
  const hi = b.readInt32BE(at);
  if (hi >= 0x200000 || hi < -0x200000) return NaN;
  return hi * TWO_32 + b.readUInt32BE(at + 4);
}
