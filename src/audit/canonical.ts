/**
 * The canonical encodings of an audit entry and its hash, the Node twins of app.audit_entry_hash:
 * v2 (src/audit/sql/0041_audit_append.sql, one JSON array), what the database appends with, and v1
 * (0040, 0043: 17 netstrings), what it appended with before v2 and what the verifier still accepts.
 * docs/audit.md specifies both; SQL and Node must agree byte for byte, which
 * src/audit/canonical.test.ts proves on both engines. This is the reference: the verifier uses a
 * faster encoder (src/audit/encoder.ts) that encoder.test.ts holds to it.
 */
import { createHash } from 'node:crypto';

export const CHAINS = ['audit_log', 'admin_actions'] as const;
export type Chain = (typeof CHAINS)[number];
/**
 * Each chain's table, for SQL text. A chain can come from a request (`?chain=`); picking its table
 * from these constants by key means no text a caller sends ever becomes SQL (palisade lint PAL011).
 */
export const CHAIN_TABLE = {
  audit_log: 'public.audit_log',
  admin_actions: 'public.admin_actions',
} as const satisfies Record<Chain, string>;

/** The encodings: an entry verifies if it hashes to its stored hash under either (v2 since the JSON-array encoding replaced v1). */
export type Format = 'v2' | 'v1';
export const FORMAT_TAGS: Record<Format, string> = { v2: 'palisade-audit/v2', v1: 'palisade-audit/v1' };
/** prev_hash of seq 1. */
export const GENESIS_HASH = Buffer.alloc(32);

/**
 * An entry as the verifier reads it: every value already in its canonical text form (see
 * ENTRY_COLUMNS for the SQL that produces them), null where the column is null.
 */
export interface CanonicalEntry {
  chain: Chain;
  orgId: string;
  seq: number;
  /** UTC, microseconds: 2025-01-31T12:34:56.789012Z */
  createdAt: string;
  actorId: string | null;
  actorRole: string;
  actorKeyId: string | null;
  action: string;
  targetTable: string | null;
  targetId: string | null;
  /** PostgreSQL's jsonb text output (already canonical: sorted keys, fixed spacing). */
  oldData: string | null;
  newData: string | null;
  details: string | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

const NULL_FIELD = Buffer.from('~,');
const COMMA = Buffer.from(',');

/** A netstring: "<UTF-8 byte length>:<bytes>,"; a null is "~,". */
export function field(value: string | null): Buffer {
  if (value === null) return NULL_FIELD;
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length}:`), bytes, COMMA]);
}

/** The 17 values in canonical order, each with how v2 writes it. */
function values(e: CanonicalEntry, format: Format): [string | number | null, 'string' | 'number' | 'json'][] {
  const s = (v: string | null): [string | null, 'string'] => [v, 'string'];
  const j = (v: string | null): [string | null, 'json'] => [v, 'json'];
  return [
    s(FORMAT_TAGS[format]),
    s(e.chain),
    s(e.orgId),
    [e.seq, 'number'],
    s(e.createdAt),
    s(e.actorId),
    s(e.actorRole),
    s(e.actorKeyId),
    s(e.action),
    s(e.targetTable),
    s(e.targetId),
    j(e.oldData),
    j(e.newData),
    j(e.details),
    s(e.requestId),
    s(e.ip),
    s(e.userAgent),
  ];
}

/**
 * A JSON string as PostgreSQL's escape_json writes it: `"` and `\` escaped, \b \f \n \r \t by name,
 * other characters below U+0020 as \u00xx (lower-case hex), everything else as it is. JSON.stringify
 * writes exactly this for any string PostgreSQL can hold (valid UTF-8, so no lone surrogates).
 */
export function jsonString(v: string): string {
  return JSON.stringify(v);
}

/**
 * v2: the text of json_build_array over the 17 values, in UTF-8: `[`, the values separated by `, `,
 * `]`; a null is `null`, seq a number, the documents their jsonb text as it is, everything else a
 * JSON string.
 */
function canonicalV2(e: CanonicalEntry): string {
  const parts = values(e, 'v2').map(([v, kind]) =>
    v === null ? 'null' : kind === 'number' ? String(v) : kind === 'json' ? (v as string) : jsonString(v as string),
  );
  return `[${parts.join(', ')}]`;
}

export function canonicalBytes(e: CanonicalEntry, format: Format = 'v2'): Buffer {
  if (format === 'v2') return Buffer.from(canonicalV2(e), 'utf8');
  return Buffer.concat(values(e, 'v1').map(([v]) => field(v === null ? null : String(v))));
}

/** hash = SHA-256(prev_hash ‖ canonical(entry)), in the given encoding (v2 unless told). */
export function entryHash(prevHash: Uint8Array, e: CanonicalEntry, format: Format = 'v2'): Buffer {
  return createHash('sha256').update(prevHash).update(canonicalBytes(e, format)).digest();
}

/**
 * The select list that yields each column in its canonical text form. Text casts happen in SQL
 * because that is where the stored value's exact form lives (a driver would parse jsonb into
 * objects and timestamps into millisecond Dates, losing what was hashed).
 */
export const ENTRY_COLUMNS = `seq::text as seq,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at,
  actor_id::text as actor_id, actor_role, actor_key_id::text as actor_key_id, action, target_table, target_id,
  old_data::text as old_data, new_data::text as new_data, details::text as details,
  request_id, ip, user_agent, prev_hash, hash`;

export interface EntryRow {
  seq: string;
  created_at: string;
  actor_id: string | null;
  actor_role: string;
  actor_key_id: string | null;
  action: string;
  target_table: string | null;
  target_id: string | null;
  old_data: string | null;
  new_data: string | null;
  details: string | null;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  prev_hash: Uint8Array;
  hash: Uint8Array;
}

export function toCanonical(chain: Chain, orgId: string, r: EntryRow): CanonicalEntry {
  return {
    chain,
    orgId,
    seq: Number(r.seq),
    createdAt: r.created_at,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    actorKeyId: r.actor_key_id,
    action: r.action,
    targetTable: r.target_table,
    targetId: r.target_id,
    oldData: r.old_data,
    newData: r.new_data,
    details: r.details,
    requestId: r.request_id,
    ip: r.ip,
    userAgent: r.user_agent,
  };
}

/** PGlite returns bytea as Uint8Array, node-postgres as Buffer; compare either. */
export function sameBytes(a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

export const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
