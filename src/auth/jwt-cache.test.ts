import { SignJWT } from 'jose';
import { afterEach, expect, it, vi } from 'vitest';
import { TEST_JWT_SECRET, testConfig } from '../server/testing.ts';
import { createTokenVerifier, VERIFIED_TOKEN_REUSE_MS } from './jwt.ts';

const SUB = '00000000-0000-4000-8000-00000000c0de';
const secret = new TextEncoder().encode(TEST_JWT_SECRET);
const sign = (expSeconds: number) =>
  new SignJWT({ role: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(SUB)
    .setIssuedAt()
    .setExpirationTime(expSeconds)
    .sign(secret);

afterEach(() => {
  vi.useRealTimers();
});

it('a token verified once is answered from memory, until it expires (with the configured skew)', async () => {
  vi.useFakeTimers({ now: new Date('2026-11-23T12:00:00Z'), toFake: ['Date'] });
  const verify = createTokenVerifier(testConfig().auth);
  const now = Math.floor(Date.now() / 1000);
  const token = await sign(now + 10);
  expect(await verify(token)).toEqual({ kind: 'user', userId: SUB });
  expect(await verify(token)).toEqual({ kind: 'user', userId: SUB });
  // Past exp but inside the 30 s skew: still accepted, as jose would.
  vi.setSystemTime(new Date((now + 35) * 1000));
  expect(await verify(token)).toEqual({ kind: 'user', userId: SUB });
  // Past exp + skew: refused, although it was verified before.
  vi.setSystemTime(new Date((now + 41) * 1000));
  await expect(verify(token)).rejects.toThrow(/expired/);
});

it('a remembered verification is reused for at most a minute, then the signature is checked again', async () => {
  vi.useFakeTimers({ now: new Date('2026-11-23T12:00:00Z'), toFake: ['Date'] });
  const signatureChecks = vi.spyOn(crypto.subtle, 'verify');
  try {
    const verify = createTokenVerifier(testConfig().auth);
    const token = await sign(Math.floor(Date.now() / 1000) + 3600);
    await verify(token);
    await verify(token);
    expect(signatureChecks).toHaveBeenCalledTimes(1);
    vi.setSystemTime(Date.now() + VERIFIED_TOKEN_REUSE_MS + 1);
    expect(await verify(token)).toEqual({ kind: 'user', userId: SUB });
    expect(signatureChecks).toHaveBeenCalledTimes(2);
  } finally {
    signatureChecks.mockRestore();
  }
});

it('a token that fails is never remembered: each attempt checks the signature again', async () => {
  const signatureChecks = vi.spyOn(crypto.subtle, 'verify');
  try {
    const verify = createTokenVerifier(testConfig().auth);
    const token = await sign(Math.floor(Date.now() / 1000) + 3600);
    const tampered = `${token.slice(0, -4)}AAAA`;
    await expect(verify(tampered)).rejects.toThrow();
    await expect(verify(tampered)).rejects.toThrow();
    expect(signatureChecks).toHaveBeenCalledTimes(2);
  } finally {
    signatureChecks.mockRestore();
  }
});

it('a token refused as not yet valid is accepted once it is: the refusal was not remembered', async () => {
  vi.useFakeTimers({ now: new Date('2026-11-23T12:00:00Z'), toFake: ['Date'] });
  const verify = createTokenVerifier(testConfig().auth);
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ role: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(SUB)
    .setIssuedAt(now)
    .setNotBefore(now + 120)
    .setExpirationTime(now + 3600)
    .sign(secret);
  await expect(verify(token)).rejects.toThrow(/nbf|not.*active|before/i);
  vi.setSystemTime(new Date((now + 121) * 1000));
  expect(await verify(token)).toEqual({ kind: 'user', userId: SUB });
});
