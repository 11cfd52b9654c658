import type { Claims, OrgRole, Principal } from '../db/principal.ts';
import { DEAD_KEYS, DEMO, type DeadKey, type DemoOrg, KEY_ROLES, type KeyRole } from '../seed/ids.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const D = DEMO.deletedOrg;
const P = DEMO.providerOrg;

/** The rows of the persona matrix (docs/rls-matrix.md). */
export const PERSONA_IDS = [
  'anonymous',
  'owner_a',
  'admin_a',
  'member_a',
  'viewer_a',
  'invited_a',
  'suspended_a',
  'member_b',
  'owner_deleted',
  'member_deleted',
  'loner',
  'forged_admin',
  'provider_owner',
  'provider_admin',
  'provider_member',
  'provider_viewer',
  'provider_suspended',
  'key_viewer_a',
  'key_member_a',
  'key_admin_a',
  'key_revoked_a',
  'key_expired_a',
  'key_stale_a',
  'platform_admin',
  'service',
] as const;
export type PersonaId = (typeof PERSONA_IDS)[number];

export interface Persona {
  id: PersonaId;
  label: string;
  principal: Principal | Claims;
  /** The user the persona signs in as, when it is a person. */
  userId?: string;
  /** The organisation whose rows it may touch, with its effective role there (active members and keys only). */
  home?: { orgId: string; role: OrgRole };
  /** The organisation its write probes aim at, when not A: the one it belongs to. */
  aim?: DemoOrg;
  /**
   * A provider organisation's person: its own role there. It sees the provider's rows as a member
   * of that role would see its organisation's, beside what `home` (its role in A through the
   * delegation) gives it in A.
   */
  provider?: { orgId: string; role: OrgRole };
}

export const PERSONAS: Record<PersonaId, Persona> = {
  anonymous: { id: 'anonymous', label: 'anonymous', principal: { kind: 'anonymous' } },
  owner_a: {
    id: 'owner_a',
    label: 'owner of A',
    principal: { kind: 'user', userId: A.users.owner.id },
    userId: A.users.owner.id,
    home: { orgId: A.id, role: 'owner' },
  },
  admin_a: {
    id: 'admin_a',
    label: 'admin of A',
    principal: { kind: 'user', userId: A.users.admin.id },
    userId: A.users.admin.id,
    home: { orgId: A.id, role: 'admin' },
  },
  member_a: {
    id: 'member_a',
    label: 'member of A',
    principal: { kind: 'user', userId: A.users.member.id },
    userId: A.users.member.id,
    home: { orgId: A.id, role: 'member' },
  },
  viewer_a: {
    id: 'viewer_a',
    label: 'viewer of A',
    principal: { kind: 'user', userId: A.users.viewer.id },
    userId: A.users.viewer.id,
    home: { orgId: A.id, role: 'viewer' },
  },
  invited_a: {
    id: 'invited_a',
    label: 'invited to A',
    principal: { kind: 'user', userId: A.users.invited.id },
    userId: A.users.invited.id,
  },
  suspended_a: {
    id: 'suspended_a',
    label: 'suspended in A',
    principal: { kind: 'user', userId: A.users.suspended.id },
    userId: A.users.suspended.id,
  },
  member_b: {
    id: 'member_b',
    label: 'member of B',
    principal: { kind: 'user', userId: B.users.member.id },
    userId: B.users.member.id,
    home: { orgId: B.id, role: 'member' },
  },
  // The owner and a member of an organisation its owner soft-deleted: no home, and every write aimed
  // at that organisation's own rows. Only app.restore_organisation still answers its owner.
  owner_deleted: {
    id: 'owner_deleted',
    label: 'owner of deleted D',
    principal: { kind: 'user', userId: D.users.owner.id },
    userId: D.users.owner.id,
    aim: D,
  },
  member_deleted: {
    id: 'member_deleted',
    label: 'member of deleted D',
    principal: { kind: 'user', userId: D.users.member.id },
    userId: D.users.member.id,
    aim: D,
  },
  loner: {
    id: 'loner',
    label: 'user, no membership',
    principal: { kind: 'user', userId: DEMO.loner.id },
    userId: DEMO.loner.id,
  },
  // An ordinary user session whose claims carry the admin flag: it grants nothing.
  forged_admin: {
    id: 'forged_admin',
    label: 'forged is_platform_admin',
    principal: { role: 'authenticated', sub: DEMO.loner.id, is_platform_admin: true },
    userId: DEMO.loner.id,
  },
  // The provider's people (DEMO.providerOrg, which says why each has its role in A): each link of
  // the chain caps one of them. B's delegations have expired or were revoked: nobody reaches B.
  ...providerPersonas(),
  // Keys of A, one per role a key may hold, each created by A's owner (so the key's own role is
  // what it holds: app.api_key_effective_role); and three member keys that must grant nothing
  // (revoked, expired, creator suspended). The role in the claims is ignored by the database.
  ...keyPersonas(),
  platform_admin: {
    id: 'platform_admin',
    label: 'platform admin',
    principal: { kind: 'platform_admin', userId: DEMO.platformAdmin.id },
    userId: DEMO.platformAdmin.id,
  },
  service: { id: 'service', label: 'service role', principal: { kind: 'service' } },
};

function providerPersonas() {
  const person = (
    id: PersonaId,
    label: string,
    kind: 'owner' | 'admin' | 'member' | 'viewer' | 'suspended',
    inA: OrgRole | null,
  ): [PersonaId, Persona] => {
    const userId = P.users[kind].id;
    const persona: Persona = { id, label, principal: { kind: 'user', userId }, userId };
    if (kind !== 'suspended') persona.provider = { orgId: P.id, role: kind };
    if (inA) persona.home = { orgId: A.id, role: inA };
    return [id, persona];
  };
  return Object.fromEntries([
    person('provider_owner', 'provider owner (viewer in A: assigned as every owner)', 'owner', 'viewer'),
    person('provider_admin', 'provider admin (member in A: the ceiling caps it)', 'admin', 'member'),
    person('provider_member', 'provider member (assigned only in a revoked delegation)', 'member', null),
    person('provider_viewer', 'provider viewer (viewer in A: its provider role caps it)', 'viewer', 'viewer'),
    person('provider_suspended', 'provider member, suspended (assigned in A)', 'suspended', null),
  ]) as Record<
    'provider_owner' | 'provider_admin' | 'provider_member' | 'provider_viewer' | 'provider_suspended',
    Persona
  >;
}

function keyPersonas() {
  const entry = (role: KeyRole): [PersonaId, Persona] => {
    const id = `key_${role}_a` as const;
    return [
      id,
      {
        id,
        label: `API key of A (${role})`,
        principal: { kind: 'api_key', keyId: A.apiKeys[role], orgId: A.id, role },
        home: { orgId: A.id, role },
      },
    ];
  };
  const dead = (kind: DeadKey, label: string): [PersonaId, Persona] => {
    const id = `key_${kind}_a` as const;
    return [id, { id, label, principal: { kind: 'api_key', keyId: A.deadKeys[kind], orgId: A.id, role: 'member' } }];
  };
  return Object.fromEntries([
    ...KEY_ROLES.map(entry),
    dead('revoked', 'revoked API key of A'),
    dead('expired', 'expired API key of A'),
    dead('stale', 'API key of A by a suspended member'),
  ]) as Record<`key_${KeyRole | DeadKey}_a`, Persona>;
}

/** The API-key personas. */
export const KEY_PERSONAS: ReadonlySet<PersonaId> = new Set(
  [...KEY_ROLES, ...DEAD_KEYS].map((r) => `key_${r}_a` as const),
);

export const OPERATORS: ReadonlySet<PersonaId> = new Set(['platform_admin', 'service']);
