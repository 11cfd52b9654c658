/**
 * The verifier's canonical encoder: the same bytes as canonicalBytes (src/audit/canonical.ts, the
 * reference twin of app.audit_entry_hash), in either encoding (v2, JSON; v1, netstrings), written
 * straight from a page (src/audit/page.ts) into one reused buffer and hashed with a single call. The
 * reference builds about 17 small Buffers or strings per entry; this builds none.
 * src/audit/encoder.test.ts holds both to the same bytes on both engines.
 */
import * as crypto from 'node:crypto';
import { type Chain, FORMAT_TAGS, type Format, field, jsonString } from './canonical.ts';
import { FIELD_COUNT, type PageReader } from './page.ts';

// The digest as a 32-character latin1 string (one char per byte), from one call: making a Buffer
// per digest costs more than the SHA-256 of an entry itself.
// crypto.hash arrived in Node 20.12; older releases fall back.
const sha256: (data: Buffer) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'latin1')
    : (data) => crypto.createHash('sha256').update(data).digest('latin1');

const COLON = 0x3a;
const COMMA = 0x2c;
const TILDE = 0x7e;
const ZERO = 0x30;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const NULL_JSON = Buffer.from('null');
const HEX = Buffer.from('0123456789abcdef');
/**
 * How escape_json writes each byte in a JSON string: 0 as it is, 1 as \u00xx, otherwise a backslash
 * and this byte (`"`, `\`, b, f, n, r, t). Every byte it escapes is ASCII, so UTF-8 passes through.
 */
const ESCAPE = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) ESCAPE[c] = 1;
for (const [c, e] of [
  [0x22, 0x22],
  [0x5c, 0x5c],
  [0x08, 0x62],
  [0x0c, 0x66],
  [0x0a, 0x6e],
  [0x0d, 0x72],
  [0x09, 0x74],
] as const)
  ESCAPE[c] = e;
/** v2: which of the 12 variable fields are jsonb documents (written as they are), not strings. */
const JSON_FIELD = [false, false, false, false, false, false, true, true, true, false, false, false];
// Short fields are copied byte by byte: cheaper than a native call for a handful of bytes.
const SHORT_FIELD = 48;

export class EntryEncoder {
  /**
   * v1: F(format tag) F(chain) F(org_id); v2: `["palisade-audit/v2", "<chain>", "<org_id>", `. The same
   * for every entry of a chain, so each is written once, after the 32 bytes of prev_hash.
   */
  private readonly heads: Record<Format, Buffer>;
  private bufs: Record<Format, Buffer>;
  private readonly dates: Record<Format, DateCache> = { v1: new DateCache('v1'), v2: new DateCache('v2') };

  constructor(chain: Chain, orgId: string) {
    this.heads = {
      v1: Buffer.concat([field(FORMAT_TAGS.v1), field(chain), field(orgId)]),
      v2: Buffer.from(`[${[FORMAT_TAGS.v2, chain, orgId].map(jsonString).join(', ')}, `, 'utf8'),
    };
    this.bufs = { v1: Buffer.allocUnsafe(64 * 1024), v2: Buffer.allocUnsafe(64 * 1024) };
    this.bufs.v1.set(this.heads.v1, 32);
    this.bufs.v2.set(this.heads.v2, 32);
  }

  /** prev_hash ‖ canonical(entry) for the reader's current entry, with `seq` as verified by the caller. */
  encode(page: PageReader, seq: number, prevHash: Uint8Array, format: Format = 'v2'): Buffer {
    return format === 'v2' ? this.encodeV2(page, seq, prevHash) : this.encodeV1(page, seq, prevHash);
  }

  private encodeV1(page: PageReader, seq: number, prevHash: Uint8Array): Buffer {
    let out = this.bufs.v1;
    out.set(prevHash, 0);
    let w = 32 + this.heads.v1.length; // the head is already in place
    w = writeNetDecimal(out, w, seq);
    w = this.dates.v1.writeField(out, w, page.buf, page.createdAtAt);
    const src = page.buf;
    let p = page.fieldsAt;
    for (let i = 0; i < FIELD_COUNT; i++) {
      const len = lengthWord(src, p);
      p += 4;
      if (len < 0) {
        out[w++] = TILDE;
        out[w++] = COMMA;
        continue;
      }
      // Room for this field, its length and the null markers of every field left. Only a large
      // entry ever grows the buffer: 64 KiB holds almost all.
      if (w + len + 16 * FIELD_COUNT > out.length) out = this.grow('v1', w, w + len + 16 * FIELD_COUNT);
      w = writeDecimal(out, w, len);
      out[w++] = COLON;
      w = copyBytes(out, w, src, p, len);
      out[w++] = COMMA;
      p += len;
    }
    page.fieldsEndAt(p);
    return out.subarray(0, w);
  }

  private encodeV2(page: PageReader, seq: number, prevHash: Uint8Array): Buffer {
    let out = this.bufs.v2;
    out.set(prevHash, 0);
    let w = 32 + this.heads.v2.length; // the head is already in place
    w = writeDecimal(out, w, seq);
    out[w++] = COMMA;
    out[w++] = SPACE;
    w = this.dates.v2.writeField(out, w, page.buf, page.createdAtAt);
    const src = page.buf;
    let p = page.fieldsAt;
    for (let i = 0; i < FIELD_COUNT; i++) {
      const len = lengthWord(src, p);
      p += 4;
      out[w++] = COMMA;
      out[w++] = SPACE;
      if (len < 0) {
        for (let k = 0; k < 4; k++) out[w++] = NULL_JSON[k]!;
        continue;
      }
      // Room for this field escaped at worst (6 bytes a byte), and the nulls of every field left.
      const room = (JSON_FIELD[i] ? len : 6 * len + 2) + 16 * FIELD_COUNT;
      if (w + room > out.length) out = this.grow('v2', w, w + room);
      w = JSON_FIELD[i] ? copyBytes(out, w, src, p, len) : writeJsonString(out, w, src, p, len);
      p += len;
    }
    out[w++] = 0x5d; // ]
    page.fieldsEndAt(p);
    return out.subarray(0, w);
  }

  /** SHA-256 of encode(), as latin1 (compare with PageReader.hashEquals). */
  hash(page: PageReader, seq: number, prevHash: Uint8Array, format: Format = 'v2'): string {
    return sha256(this.encode(page, seq, prevHash, format));
  }

  /** A larger buffer holding the `used` bytes written so far (the head among them). */
  private grow(format: Format, used: number, needed: number): Buffer {
    const bigger = Buffer.allocUnsafe(Math.max(needed, this.bufs[format].length * 2));
    bigger.set(this.bufs[format].subarray(0, used), 0);
    this.bufs[format] = bigger;
    return bigger;
  }
}

/** array_send's length word at p: an int32, big-endian; -1 is null. */
function lengthWord(src: Buffer, p: number): number {
  return (src[p]! << 24) | (src[p + 1]! << 16) | (src[p + 2]! << 8) | src[p + 3]!;
}

/** src[p, p + len) as it is. */
function copyBytes(out: Buffer, w: number, src: Buffer, p: number, len: number): number {
  if (len < SHORT_FIELD) {
    for (let k = 0; k < len; k++) out[w + k] = src[p + k]!;
  } else out.set(src.subarray(p, p + len), w);
  return w + len;
}

/**
 * src[p, p + len) (UTF-8) as a JSON string, escaped as PostgreSQL's escape_json does (see
 * jsonString in canonical.ts). Every byte it escapes is ASCII, so multi-byte characters pass through.
 */
function writeJsonString(out: Buffer, w: number, src: Buffer, p: number, len: number): number {
  out[w++] = QUOTE;
  for (let k = p, end = p + len; k < end; k++) {
    const c = src[k]!;
    const e = ESCAPE[c]!;
    if (e === 0) out[w++] = c;
    else if (e === 1) {
      out[w++] = BACKSLASH; // \u00xx
      out[w++] = 0x75;
      out[w++] = ZERO;
      out[w++] = ZERO;
      out[w++] = HEX[c >> 4]!;
      out[w++] = HEX[c & 15]!;
    } else {
      out[w++] = BACKSLASH;
      out[w++] = e;
    }
  }
  out[w++] = QUOTE;
  return w;
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
  /** v1: `<length>:YYYY-MM-DDTHH:MI:` for `minute`; v2: `"YYYY-MM-DDTHH:MI:`. */
  private prefix: Buffer = Buffer.alloc(0);

  /** v1 writes the netstring (null `~,`), v2 the JSON string (null `null`). */
  constructor(private readonly format: Format = 'v1') {}

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
      // infinity and -infinity: to_char returns null
      if (this.format === 'v2') {
        for (let k = 0; k < 4; k++) out[w++] = NULL_JSON[k]!;
        return w;
      }
      out[w] = TILDE;
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
      this.prefix = minutePrefix(day, minuteOfDay, this.format);
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
    out[w++] = this.format === 'v2' ? QUOTE : COMMA;
    return w;
  }
}

/**
 * v1 `<length>:YYYY-MM-DDTHH:MI:` (the netstring's length counts the whole text, "SS.ffffffZ"
 * included), v2 `"YYYY-MM-DDTHH:MI:`.
 */
function minutePrefix(day: number, minuteOfDay: number, format: Format): Buffer {
  const date = dateText(day + DAYS_1970_TO_2000);
  const hm = `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}:`;
  const text = `${date}T${hm}`;
  return Buffer.from(format === 'v2' ? `"${text}` : `${text.length + 10}:${text}`, 'latin1');
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
