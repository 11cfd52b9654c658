import { describe, expect, it } from 'vitest';
import { type EntryRow, sameBytes, toCanonical } from './canonical.ts';

describe('audit entry helpers', () => {
  it('toCanonical maps a row read with ENTRY_COLUMNS to the entry that is hashed, field by field', () => {
    const row: EntryRow = {
      seq: '42',
      created_at: '2026-01-31T12:34:56.789012Z',
      actor_id: 'a1',
      actor_role: 'owner',
      actor_key_id: 'k1',
      action: 'project.update',
      target_table: 'public.projects',
      target_id: 't1',
      old_data: '{"a": 1}',
      new_data: '{"a": 2}',
      details: '{"d": true}',
      request_id: 'r1',
      ip: '203.0.113.9',
      user_agent: 'ua/1',
      prev_hash: new Uint8Array(32),
      hash: new Uint8Array(32),
    };
    expect(toCanonical('audit_log', 'o1', row)).toEqual({
      chain: 'audit_log',
      orgId: 'o1',
      seq: 42,
      createdAt: '2026-01-31T12:34:56.789012Z',
      actorId: 'a1',
      actorRole: 'owner',
      actorKeyId: 'k1',
      action: 'project.update',
      targetTable: 'public.projects',
      targetId: 't1',
      oldData: '{"a": 1}',
      newData: '{"a": 2}',
      details: '{"d": true}',
      requestId: 'r1',
      ip: '203.0.113.9',
      userAgent: 'ua/1',
    });
  });

  it('sameBytes compares contents, across Buffer and Uint8Array views, and nothing equals a missing value', () => {
    const backing = Buffer.from([9, 1, 2, 3, 9]);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 1, 3);
    expect(sameBytes(view, Buffer.from([1, 2, 3]))).toBe(true);
    expect(sameBytes(Buffer.from([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(sameBytes(Buffer.from([1, 2, 3]), Buffer.from([1, 2]))).toBe(false);
    expect(sameBytes(Buffer.from([1, 2]), Buffer.from([1, 2, 3]))).toBe(false);
    expect(sameBytes(null, Buffer.from([1]))).toBe(false);
    expect(sameBytes(Buffer.from([1]), undefined)).toBe(false);
    expect(sameBytes(null, null)).toBe(false);
    expect(sameBytes(new Uint8Array(0), Buffer.alloc(0))).toBe(true);
  });
});
