import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callbackUrl, createCallbackToken, hashCallbackToken, isCallbackToken } from './callback-token.ts';

describe('callback tokens', () => {
  it('are pcb_ and 32 random bytes in base64url, never repeating', () => {
    const tokens = new Set(Array.from({ length: 1000 }, createCallbackToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(t).toMatch(/^pcb_[A-Za-z0-9_-]{43}$/);
    const [one] = tokens;
    expect(Buffer.from(one!.slice(4), 'base64url')).toHaveLength(32);
  });

  it('are stored as the SHA-256 hex of the whole token', () => {
    const t = createCallbackToken();
    expect(hashCallbackToken(t)).toBe(createHash('sha256').update(t).digest('hex'));
    expect(hashCallbackToken(t)).not.toContain(t.slice(4));
  });

  it('are told from anything else by their shape', () => {
    const t = createCallbackToken();
    expect(isCallbackToken(t)).toBe(true);
    for (const bad of [t.slice(4), `${t}x`, t.slice(0, -1), `pcb_${'+'.repeat(43)}`, `${t}\n`])
      expect(isCallbackToken(bad), bad).toBe(false);
  });
});

describe('callback URLs', () => {
  const t = createCallbackToken();

  it('append the token as the last path segment of the base', () => {
    expect(callbackUrl('https://api.example.com/v1/step-callbacks', t)).toBe(
      `https://api.example.com/v1/step-callbacks/${t}`,
    );
    expect(callbackUrl('https://api.example.com/v1/step-callbacks//', t)).toBe(
      `https://api.example.com/v1/step-callbacks/${t}`,
    );
    expect(callbackUrl('http://127.0.0.1:8080', t)).toBe(`http://127.0.0.1:8080/${t}`);
  });

  it('refuse a base with credentials, a query or a fragment, a non-http base and a malformed token', () => {
    expect(() => callbackUrl('https://u:p@api.example.com/cb', t)).toThrow(/credentials, a query or a fragment/);
    expect(() => callbackUrl('https://api.example.com/cb?x=1', t)).toThrow(/credentials, a query or a fragment/);
    expect(() => callbackUrl('https://api.example.com/cb#x', t)).toThrow(/credentials, a query or a fragment/);
    expect(() => callbackUrl('ftp://api.example.com/cb', t)).toThrow('callbackUrl: the base must be http(s)');
    expect(() => callbackUrl('https://api.example.com/cb', 'pcb_short')).toThrow('callbackUrl: the token is malformed');
  });

  it('end in their token, the last path segment', () => {
    expect(new URL(callbackUrl('https://api.example.com/cb/', t)).pathname.split('/').pop()).toBe(t);
  });
});
