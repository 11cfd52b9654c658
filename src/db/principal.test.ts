import { describe, expect, it } from 'vitest';
import { CLAIMS_SQL, claimsFor, claimsStatementFor, claimsValues, toClaims } from './principal.ts';

const USER = '6a0c47b5-8a5e-4f57-9d0e-3b1f0c2d9e11';

describe('claims are built from the verified principal, field by field', () => {
  it('anonymous callers are anon, with no other claim', () => {
    expect(claimsFor({ kind: 'anonymous' })).toEqual({ role: 'anon' });
  });

  it('users are authenticated with their id, and their email only when known', () => {
    expect(claimsFor({ kind: 'user', userId: USER })).toEqual({ role: 'authenticated', sub: USER });
    expect(claimsFor({ kind: 'user', userId: USER, email: 'a@example.com' })).toEqual({
      role: 'authenticated',
      sub: USER,
      email: 'a@example.com',
    });
  });

  it('platform admins get the platform_admin role and flag, and nothing else does', () => {
    expect(claimsFor({ kind: 'platform_admin', userId: USER })).toEqual({
      role: 'platform_admin',
      sub: USER,
      is_platform_admin: true,
    });
    expect(claimsFor({ kind: 'platform_admin', userId: USER, email: 'r@example.com' })).toEqual({
      role: 'platform_admin',
      sub: USER,
      is_platform_admin: true,
      email: 'r@example.com',
    });
  });

  it('the service is service_role, with no subject', () => {
    expect(claimsFor({ kind: 'service' })).toEqual({ role: 'service_role' });
  });

  it("API keys are authenticated with the key's id, organisation and role, and no subject", () => {
    expect(claimsFor({ kind: 'api_key', keyId: 'k1', orgId: 'o1', role: 'viewer' })).toEqual({
      role: 'authenticated',
      api_key_id: 'k1',
      org_id: 'o1',
      org_role: 'viewer',
    });
  });
});

describe('the statement that starts every unit of work', () => {
  it('sets role and claims from bind parameters, for the transaction only (is_local = true)', () => {
    expect(CLAIMS_SQL).toBe("select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)");
    expect(claimsStatementFor({ kind: 'user', userId: USER })).toEqual({
      sql: CLAIMS_SQL,
      params: ['authenticated', JSON.stringify({ role: 'authenticated', sub: USER })],
    });
  });

  it('raw claims pass through unchanged (tests forge sessions with them)', () => {
    const forged = { role: 'authenticated' as const, sub: USER, is_platform_admin: true };
    expect(toClaims(forged)).toBe(forged);
    expect(claimsStatementFor(forged).params).toEqual(['authenticated', JSON.stringify(forged)]);
  });

  it('only the four API roles can be set: a forged role such as postgres is refused', () => {
    for (const role of ['anon', 'authenticated', 'service_role', 'platform_admin'] as const) {
      expect(claimsValues({ role })).toEqual([role, JSON.stringify({ role })]);
    }
    for (const role of ['postgres', 'palisade_owner', '', 'ANON']) {
      expect(() => claimsValues({ role } as never), role).toThrow(`not an API role: ${role}`);
    }
  });
});
