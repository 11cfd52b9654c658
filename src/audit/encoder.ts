/**
 * The verifier's canonical encoder: the same bytes as canonicalBytes (src/audit/canonical.ts, the
 * reference twin of app.audit_entry_hash), written straight from a page (src/audit/page.ts) into one
 * reused buffer and hashed with a single call. The reference builds ~17 small Buffers per entry
 * (~3.8 µs measured); this builds none (~0.33 µs). src/audit/encoder.test.ts holds both to the
 * same bytes on both engines.
 */
import * as crypto from 'node:crypto';
import { FORMAT_TAG, field, type Chain } from './canonical.ts';
import { FIELD_COUNT, type PageReader } from './page.ts';

// The digest as a 32-character latin1 string (one char per byte), from one call: measured at
// ~0.32 µs per entry against ~1.2 µs for crypto.hash(…, 'buffer') and ~1.5 µs for
// createHash().update().digest(), whose cost is mostly making a Buffer, not SHA-256 (~0.12 µs).
// crypto.hash arrived in Node 20.12; older releases fall back.
const sha256: (data: Buffer) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'latin1')
    : (data) => crypto.createHash('sha256').update(data).digest('latin1');

const COLON = 0x3a;
const COMMA = 0x2c;
const TILDE = 0x7e;
const ZERO = 0x30;
// Short fields are copied byte by byte: cheaper than a native call for a handful of bytes.
const SHORT_FIELD = 48;

export class EntryEncoder {
  /** F(format tag) F(chain) F(org_id): the same for every entry of a chain. */
  private readonly head: Buffer;
  private buf: Buffer;
  private readonly dates = new DateCache();

  constructor(chain: Chain, orgId: string) {
    this.head = Buffer.concat([field(FORMAT_TAG), field(chain), field(orgId)]);
    // The head never changes, so it is written once, after the 32 bytes of prev_hash.
    this.buf = Buffer.allocUnsafe(64 * 1024);
    this.buf.set(this.head, 32);
  }

  /** prev_hash ‖ canonical(entry) for the reader's current entry, with `seq` as verified by the caller. */
  encode(page: PageReader, seq: number, prevHash: Uint8Array): Buffer {
    let out = this.buf;
    out.set(prevHash, 0);
    let w = 32 + this.head.length; // the head is already in place
    w = writeNetDecimal(out, w, seq);
    w = this.dates.writeField(out, w, page.buf, page.createdAtAt);
    const src = page.buf;
    let p = page.fieldsAt;
    for (let i = 0; i < FIELD_COUNT; i++) {
      const len = (src[p]! << 24) | (src[p + 1]! << 16) | (src[p + 2]! << 8) | src[p + 3]!; // int32 big-endian; -1 is null
      p += 4;
      if (len < 0) {
        out[w++] = TILDE;
        out[w++] = COMMA;
        continue;
      }
      // Room for this field, its length and the null markers of every field left. Only a large
      // entry ever grows the buffer: 64 KiB holds almost all.
      if (w + len + 16 * FIELD_COUNT > out.length) out = this.grow(w, w + len + 16 * FIELD_COUNT);
      w = writeDecimal(out, w, len);
      out[w++] = COLON;
      if (len < SHORT_FIELD) for (let k = 0; k < len; k++) out[w++] = src[p + k]!;
      else {
        out.set(src.subarray(p, p + len), w);
        w += len;
      }
      out[w++] = COMMA;
      p += len;
    }
    page.fieldsEndAt(p);
    return out.subarray(0, w);
  }

  /** SHA-256 of encode(), as latin1 (compare with PageReader.hashEquals). */
  hash(page: PageReader, seq: number, prevHash: Uint8Array): string {
    return sha256(this.encode(page, seq, prevHash));
  }

  /** A larger buffer holding the `used` bytes written so far (the head among them). */
  private grow(used: number, needed: number): Buffer {
    const bigger = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
    bigger.set(this.buf.subarray(0, used), 0);
    this.buf = bigger;
    return bigger;
  }
}

/** How many decimal digits a non-negative integer below 2^53 has. */
function digitCount(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/** Decimal digits of a non-negative integer below 2^53, without building a string. */
function writeDecimal(out: Buffer, w: number, n: number): number {
  // Most field lengths have one or two digits: spelled out, these skip the loops.
  if (n < 10) {
    out[w] = ZERO + n;
    return w + 1;
  }
  if (n < 100) {
    out[w] = ZERO + ((n / 10) | 0);
    out[w + 1] = ZERO + (n % 10);
    return w + 2;
  }
  const end = w + digitCount(n);
  for (let i = end - 1; i >= w; i--) {
    out[i] = ZERO + (n % 10);
    n = Math.floor(n / 10);
  }
  return end;
}

/** F(decimal text of n). */
function writeNetDecimal(out: Buffer, w: number, n: number): number {
  const digits = digitCount(n);
  w = writeDecimal(out, w, digits);
  out[w++] = COLON;
  w = writeDecimal(out, w, n);
  out[w++] = COMMA;
  return w;
}

const US_PER_DAY = 86_400_000_000;
const US_PER_DAY_BIG = 86_400_000_000n;
/** PostgreSQL counts from 2000-01-01; the civil-date arithmetic below from 1970-01-01. */
const DAYS_1970_TO_2000 = 10_957;

/**
 * created_at as `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` spells it,
 * from timestamptz_send's microseconds since 2000-01-01 UTC. to_char's rules, reproduced exactly:
 * the year has at least four digits (more past 9999); a BC year prints its BC number (1 BC is
 * "0001", not "0000"); ±infinity gives null. Everything up to the minute is cached: consecutive
 * entries almost always share it.
 */
export class DateCache {
  private minute = NaN;
  /** `<length>:YYYY-MM-DDTHH:MI:` for `minute`. */
  private prefix: Buffer = Buffer.alloc(0);

  writeField(out: Buffer, w: number, src: Buffer, at: number): number {
    const hi = (src[at]! << 24) | (src[at + 1]! << 16) | (src[at + 2]! << 8) | src[at + 3]!;
    const lo = ((src[at + 4]! << 24) | (src[at + 5]! << 16) | (src[at + 6]! << 8) | src[at + 7]!) >>> 0;
    let day: number;
    let us: number;
    if (hi < 0x200000 && hi >= -0x200000) {
      const t = hi * 4294967296 + lo; // exact: |t| < 2^53
      day = Math.floor(t / US_PER_DAY);
      us = t - day * US_PER_DAY;
    } else if ((hi === 0x7fffffff && lo === 0xffffffff) || (hi === -0x80000000 && lo === 0)) {
      out[w] = TILDE; // infinity and -infinity: to_char returns null
      out[w + 1] = COMMA;
      return w + 2;
    } else {
      const t = src.readBigInt64BE(at);
      let d = t / US_PER_DAY_BIG;
      if (d * US_PER_DAY_BIG > t) d -= 1n; // floor, not truncation, before 2000
      day = Number(d);
      us = Number(t - d * US_PER_DAY_BIG);
    }
    const minuteOfDay = Math.floor(us / 60_000_000);
    const minute = day * 1440 + minuteOfDay;
    if (minute !== this.minute) {
      this.minute = minute;
      this.prefix = minutePrefix(day, minuteOfDay);
    }
    const p = this.prefix;
    for (let i = 0; i < p.length; i++) out[w + i] = p[i]!;
    w += p.length;
    // SS.ffffff: below 60 000 000, so small-integer arithmetic suffices.
    let v = (us - minuteOfDay * 60_000_000) | 0;
    for (let i = 8; i >= 0; i--) {
      if (i === 2) {
        out[w + i] = 0x2e; // .
        continue;
      }
      out[w + i] = ZERO + (v % 10);
      v = (v / 10) | 0;
    }
    w += 9;
    out[w++] = 0x5a; // Z
    out[w++] = COMMA;
    return w;
  }
}

/** `<length>:YYYY-MM-DDTHH:MI:`: the netstring's length counts the whole text, "SS.ffffffZ" included. */
function minutePrefix(day: number, minuteOfDay: number): Buffer {
  const date = dateText(day + DAYS_1970_TO_2000);
  const hm = `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}:`;
  const text = `${date}T${hm}`;
  return Buffer.from(`${text.length + 10}:${text}`, 'latin1');
}

/** YYYY-MM-DD (proleptic Gregorian, to_char's year rules) for days since 1970-01-01: Howard Hinnant's civil_from_days. */
export function dateText(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const shown = y > 0 ? y : 1 - y; // astronomical year 0 is 1 BC
  return `${String(shown).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
