import * as crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_KEY_PREFIX, generateApiKey, hashApiKey, looksLikeApiKey } from './keys.ts';

// The key body is base62 of 32 random bytes: fixed bytes make the encoding checkable.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, randomBytes: vi.fn(actual.randomBytes) };
});
const randomBytes = vi.mocked(crypto.randomBytes) as unknown as {
  mockReturnValueOnce(v: Buffer): void;
};
const bytes = (tail: number[]) => Buffer.from([...Array(32 - tail.length).fill(0), ...tail]);

afterEach(() => {
  vi.clearAllMocks();
});

describe('API keys', () => {
  it('are pk_ and 43 base62 characters, 32 random bytes, zero-padded', () => {
    randomBytes.mockReturnValueOnce(Buffer.alloc(32, 0xff));
    expect(generateApiKey().plaintext).toBe('pk_yhjskwdA6OZ1AL1YmHWZWm8LLG7HjnuCA2j5rOw8Xp1');
    randomBytes.mockReturnValueOnce(bytes([61]));
    expect(generateApiKey().plaintext).toBe(`pk_${'0'.repeat(42)}z`);
    randomBytes.mockReturnValueOnce(bytes([1, 0]));
    expect(generateApiKey().plaintext).toBe(`pk_${'0'.repeat(41)}48`);
    randomBytes.mockReturnValueOnce(Buffer.alloc(32));
    expect(generateApiKey().plaintext).toBe(`pk_${'0'.repeat(43)}`);
  });

  it('are stored as the SHA-256 of the whole key, and shown as pk_ and 8 characters', () => {
    randomBytes.mockReturnValueOnce(Buffer.alloc(32));
    const k = generateApiKey();
    expect(k.hash.toString('hex')).toBe('952f2abc41741feb0a3a5aa0018be91c8d233a71b23a907ecd0f205dad3e52c2');
    expect(k.hash.equals(hashApiKey(k.plaintext))).toBe(true);
    expect(k.prefix).toBe('pk_00000000');
    expect(hashApiKey('pk_é').toString('hex')).toBe(
      crypto.createHash('sha256').update(Buffer.from('pk_é', 'utf8')).digest('hex'),
    );
  });

  it('differ each time', () => {
    expect(generateApiKey().plaintext).not.toBe(generateApiKey().plaintext);
  });

  it('are recognised by their exact shape only', () => {
    const body = 'A'.repeat(40) + 'z09';
    expect(API_KEY_PREFIX).toBe('pk_');
    expect(looksLikeApiKey(`pk_${body}`)).toBe(true);
    expect(looksLikeApiKey(generateApiKey().plaintext)).toBe(true);
    for (const bad of [
      `pk_${body.slice(1)}`,
      `pk_${body}A`,
      `pk_${body.slice(1)}-`,
      `pk_${body.slice(1)}_`,
      `PK_${body}`,
      `xpk_${body}`,
      `pk_${body}\n`,
      ` pk_${body}`,
      body,
    ]) {
      expect(looksLikeApiKey(bad), bad).toBe(false);
    }
  });
});
