import { createHash } from 'node:crypto';

/** A stable UUID for a demo label, so the seed is idempotent and tests can name its rows. */
export function demoId(label: string): string {
  const h = createHash('sha256').update(`palisade-demo:${label}`).digest('hex');
  // Shape it as a version-4-looking UUID with the RFC 4122 variant.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const MEMBER_KINDS = ['owner', 'admin', 'member', 'viewer', 'invited', 'suspended'] as const;
type MemberKind = (typeof MEMBER_KINDS)[number];

export interface DemoOrg {
  key: 'a' | 'b' | 'd' | 'p';
  id: string;
  name: string;
  slug: string;
  domain: string;
  users: Record<MemberKind, { id: string; email: string }>;
  defaultWorkspace: string;
  workspace: string;
  project: string;
  projectMember: string;
  invitation: string;
  /** The member key ("CI pipeline"): apiKeys.member. */
  apiKey: string;
  /** One key per role a key may hold, each created by the organisation's owner. */
  apiKeys: Record<KeyRole, string>;
  /** Member keys that must grant nothing: revoked, expired, and one whose creator is suspended. */
  deadKeys: Record<DeadKey, string>;
}

export const DEAD_KEYS = ['revoked', 'expired', 'stale'] as const;
export type DeadKey = (typeof DEAD_KEYS)[number];

export const KEY_ROLES = ['viewer', 'member', 'admin'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

function org(key: DemoOrg['key'], name: string, slug: string, domain: string): DemoOrg {
  const users = Object.fromEntries(
    MEMBER_KINDS.map((k) => [k, { id: demoId(`user:${slug}:${k}`), email: `${k}@${domain}` }]),
  ) as DemoOrg['users'];
  return {
    key,
    id: demoId(`org:${slug}`),
    name,
    slug,
    domain,
    users,
    defaultWorkspace: demoId(`workspace:${slug}:default`),
    workspace: demoId(`workspace:${slug}:research`),
    project: demoId(`project:${slug}:website`),
    projectMember: demoId(`project-member:${slug}:website:member`),
    invitation: demoId(`invitation:${slug}:pending`),
    apiKey: demoId(`api-key:${slug}:ci`),
    apiKeys: {
      viewer: demoId(`api-key:${slug}:dashboard`),
      member: demoId(`api-key:${slug}:ci`),
      admin: demoId(`api-key:${slug}:provisioning`),
    },
    deadKeys: {
      revoked: demoId(`api-key:${slug}:revoked`),
      expired: demoId(`api-key:${slug}:expired`),
      stale: demoId(`api-key:${slug}:stale`),
    },
  };
}

/** The people of the soft-deleted demo organisation (DEMO.deletedOrg): its other users ids are never created. */
export const DELETED_ORG_KINDS = ['owner', 'member'] as const satisfies readonly MemberKind[];

export const DEMO = {
  orgs: { a: org('a', 'Acme Compliance', 'acme', 'acme.test'), b: org('b', 'Globex Leads', 'globex', 'globex.test') },
  /**
   * An organisation its owner soft-deleted (app.delete_organisation), inside its grace period: an
   * owner and a member, a row in every tenant table, keys and invitation revoked by the delete. Not
   * in `orgs`, which are the live tenants. The persona matrix probes that its people see and write
   * nothing of it, and the RPC probes that its owner can still restore it.
   */
  deletedOrg: org('d', 'Initech (deleted)', 'initech', 'initech.test'),
  /**
   * A provider organisation (docs/architecture/tenancy.md "Providers"), with rows of its own like A
   * and B. A granted it an active delegation (ceiling member) and earlier a revoked one (ceiling
   * admin) limited to A's Research workspace; B's delegations to it have expired or were revoked.
   * In A's active one its admin is assigned admin (member: the ceiling caps it), its viewer member
   * (viewer: its provider role caps it), its suspended member admin (nothing while suspended) and
   * its owner, through "every owner", viewer; its member is assigned only in the revoked one
   * (nothing).
   */
  providerOrg: org('p', 'Northwind Advisors', 'northwind', 'northwind.test'),
  delegations: {
    aActive: demoId('delegation:acme:northwind'),
    aRevoked: demoId('delegation:acme:northwind:revoked'),
    bExpired: demoId('delegation:globex:northwind:expired'),
    bRevoked: demoId('delegation:globex:northwind:revoked'),
    /** The deleted organisation's, granted before its delete: it gives nothing. */
    dActive: demoId('delegation:initech:northwind'),
    dRevoked: demoId('delegation:initech:northwind:revoked'),
  },
  platformAdmin: { id: demoId('user:platform-admin'), email: 'operator@palisade.test' },
  loner: { id: demoId('user:loner'), email: 'loner@palisade.test' },
  stepTypes: {
    http: demoId('step-type:http.request'),
    httpV1: demoId('step-type-version:http.request:1.0.0'),
    httpV2Draft: demoId('step-type-version:http.request:2.0.0'),
    classify: demoId('step-type:ai.classify'),
    classifyDraft: demoId('step-type-version:ai.classify:0.1.0'),
  },
  ruleSource: demoId('rule-source:gdpr-guidance'),
  snapshot: demoId('rule-source-snapshot:gdpr-guidance:1'),
  snapshot2: demoId('rule-source-snapshot:gdpr-guidance:2'),
  rulePacks: { published: demoId('rule-pack:gdpr-core:1.0.0'), draft: demoId('rule-pack:gdpr-core:1.1.0') },
  detection: demoId('rule-pack-detection:gdpr-core:1'),
  detectionSource: demoId('rule-pack-detection-source:gdpr-core:1'),
  proposal: demoId('rule-pack-proposal:gdpr-core:1.1.0'),
} as const;
