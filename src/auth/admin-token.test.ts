import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_AUDIENCE, ADMIN_ISSUER } from '../config/auth.ts';
import { mintAdminToken } from './admin-token.ts';

const ADMIN_SECRET = 'test-admin-jwt-secret-0123456789abcdef-012345678';
const cfg = { adminSecret: ADMIN_SECRET, adminTokenTtlSeconds: 600 };
const USER = { userId: '6a0c47b5-8a5e-4f57-9d0e-3b1f0c2d9e11' };

afterEach(() => {
  vi.useRealTimers();
});

describe('minting an admin token', () => {
  it('signs HS256 with the admin key, for the admin audience and issuer, naming the user and a fresh jti', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T12:00:00.750Z'), toFake: ['Date'] });
    const minted = await mintAdminToken(cfg, { ...USER, email: 'root@example.com' });
    expect(decodeProtectedHeader(minted.token)).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'palisade-admin' });
    const { payload } = await jwtVerify(minted.token, new TextEncoder().encode(ADMIN_SECRET), {
      algorithms: ['HS256'],
      currentDate: new Date('2026-11-23T12:00:00Z'),
    });
    const iat = Date.parse('2026-11-23T12:00:00Z') / 1000;
    expect(payload).toEqual({
      role: 'platform_admin',
      email: 'root@example.com',
      sub: USER.userId,
      aud: ADMIN_AUDIENCE,
      iss: ADMIN_ISSUER,
      iat,
      exp: iat + 600,
      jti: minted.jti,
    });
    expect(minted.expiresAt.getTime()).toBe((iat + 600) * 1000);
    expect(minted.ttlSeconds).toBe(600);
    expect((await mintAdminToken(cfg, USER)).jti).not.toBe(minted.jti);
  });

  it('carries no email claim when the user has none', async () => {
    expect(decodeJwt((await mintAdminToken(cfg, USER)).token)).not.toHaveProperty('email');
  });

  it('lives whole seconds, at least 1 and at most 15 minutes, whatever is asked', async () => {
    const ttl = async (asked: number) => {
      const minted = await mintAdminToken(cfg, USER, asked);
      const { exp, iat } = decodeJwt(minted.token);
      expect(exp! - iat!, `exp - iat for ${asked}`).toBe(minted.ttlSeconds);
      return minted.ttlSeconds;
    };
    expect(await ttl(60.9)).toBe(60);
    expect(await ttl(0)).toBe(1);
    expect(await ttl(-5)).toBe(1);
    expect(await ttl(900)).toBe(900);
    expect(await ttl(3600)).toBe(900);
  });

  it('uses the configured lifetime when none is asked', async () => {
    expect((await mintAdminToken({ ...cfg, adminTokenTtlSeconds: 120 }, USER)).ttlSeconds).toBe(120);
  });
});
