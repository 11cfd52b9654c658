import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  callbackTokenFromPath,
  callbackTokenMatches,
  callbackUrl,
  createCallbackToken,
  hashCallbackToken,
} from './callback-token.ts';

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

  it('match their own hash only, and a malformed token matches nothing', () => {
    const t = createCallbackToken();
    expect(callbackTokenMatches(t, hashCallbackToken(t))).toBe(true);
    expect(callbackTokenMatches(createCallbackToken(), hashCallbackToken(t))).toBe(false);
    expect(callbackTokenMatches(t, hashCallbackToken(t).slice(1))).toBe(false);
    const bare = t.slice(4);
    expect(callbackTokenMatches(bare, hashCallbackToken(bare))).toBe(false);
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

  it('give their token back from the request path, and nothing from a path without one', () => {
    expect(callbackTokenFromPath(new URL(callbackUrl('https://api.example.com/cb', t)).pathname)).toBe(t);
    expect(callbackTokenFromPath(`/cb/${t}?retry=1`)).toBe(t);
    expect(callbackTokenFromPath('/cb/pcb_x')).toBeNull();
    expect(callbackTokenFromPath(`/cb/${t}/more`)).toBeNull();
  });
});
