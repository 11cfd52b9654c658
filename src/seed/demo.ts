import { createHash, randomBytes } from 'node:crypto';
import { seedAudit } from '../audit/seed.ts';
import { seedPlatformAdmins } from '../auth/seed.ts';
import { seedOAuth2 } from '../connections/oauth2/seed.ts';
import { seedConnections } from '../connections/seed.ts';
import { seedCredits } from '../credits/seed.ts';
import { claimsFor } from '../db/principal.ts';
import type { Database, Queryable } from '../db/types.ts';
import { seedIntegrations } from '../integrations/seed.ts';
import { seedRegistryOverlays } from '../platform/seed.ts';
import { seedRevenue } from '../revenue/seed.ts';
import { seedWorkflowRuns } from '../runtime/seed.ts';
import { DELETED_ORG_KINDS, DEMO, type DemoOrg, demoId, MEMBER_KINDS } from './ids.ts';

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest();

/** The provider's delegations and assignments (DEMO.providerOrg says who gets what). */
async function seedDelegations(tx: Queryable, withDeleted: boolean) {
  const { a, b } = DEMO.orgs;
  const d = DEMO.deletedOrg;
  const p = DEMO.providerOrg;
  const dl = DEMO.delegations;
  const delegations = [
    [a, dl.aActive, 'member', 'active', null, null],
    [a, dl.aRevoked, 'admin', 'revoked', null, a.workspace],
    [b, dl.bExpired, 'admin', 'active', new Date(Date.now() - 86_400_000), null],
    [b, dl.bRevoked, 'admin', 'revoked', null, b.workspace],
    ...(withDeleted
      ? ([
          [d, dl.dActive, 'admin', 'active', null, null],
          [d, dl.dRevoked, 'admin', 'revoked', null, d.workspace],
        ] as const)
      : []),
  ] as const;
  for (const [client, id, ceiling, status, expires, workspace] of delegations) {
    await tx.query(
      `insert into public.provider_delegations (org_id, id, provider_org_id, role_ceiling, status, expires_at,
         granted_by, accepted_by, accepted_at, revoked_by, revoked_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9, $10) on conflict do nothing`,
      [
        client.id,
        id,
        p.id,
        ceiling,
        status,
        expires,
        client.users.owner.id,
        p.users.admin.id,
        status === 'revoked' ? client.users.owner.id : null,
        status === 'revoked' ? new Date() : null,
      ],
    );
    if (workspace)
      await tx.query(
        `insert into public.provider_delegation_workspaces (org_id, id, delegation_id, workspace_id)
         values ($1, $2, $3, $4) on conflict do nothing`,
        [client.id, demoId(`delegation-workspace:${id}`), id, workspace],
      );
  }
  const assignments = [
    [a, dl.aActive, p.users.admin.id, null, 'admin'],
    [a, dl.aActive, p.users.viewer.id, null, 'member'],
    [a, dl.aActive, p.users.suspended.id, null, 'admin'],
    [a, dl.aActive, null, 'owner', 'viewer'],
    [a, dl.aRevoked, p.users.member.id, null, 'admin'],
    [b, dl.bExpired, p.users.admin.id, null, 'admin'],
    [b, dl.bExpired, null, 'viewer', 'member'],
    [b, dl.bRevoked, p.users.member.id, null, 'admin'],
    ...(withDeleted ? ([[d, dl.dActive, p.users.admin.id, null, 'admin']] as const) : []),
  ] as const;
  for (const [client, delegation, user, providerRole, role] of assignments)
    await tx.query(
      `insert into public.provider_assignments (org_id, id, delegation_id, user_id, provider_role, role, assigned_by)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
      [
        client.id,
        demoId(`assignment:${delegation}:${user ?? providerRole}`),
        delegation,
        user,
        providerRole,
        role,
        p.users.owner.id,
      ],
    );
}

/** `kinds`: the people the organisation has (all of MEMBER_KINDS for the live demo tenants). */
async function seedOrg(
  tx: Parameters<Parameters<Database['transaction']>[0]>[0],
  o: DemoOrg,
  kinds: readonly (typeof MEMBER_KINDS)[number][] = MEMBER_KINDS,
) {
  const u = o.users;
  await tx.query(
    `insert into public.organisations (id, name, slug, created_by) values ($1, $2, $3, $4) on conflict do nothing`,
    [o.id, o.name, o.slug, u.owner.id],
  );
  for (const kind of kinds) {
    const status = kind === 'invited' ? 'invited' : kind === 'suspended' ? 'suspended' : 'active';
    const role = kind === 'invited' || kind === 'suspended' ? 'member' : kind;
    await tx.query(
      `insert into public.organisation_members (org_id, id, user_id, role, status, invited_by)
       values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
      [o.id, demoId(`member:${o.slug}:${kind}`), u[kind].id, role, status, kind === 'owner' ? null : u.owner.id],
    );
  }
  await tx.query(
    `insert into public.workspaces (org_id, id, name, is_default, created_by) values
       ($1, $2, 'Default', true, $4), ($1, $3, 'Research', false, $4) on conflict do nothing`,
    [o.id, o.defaultWorkspace, o.workspace, u.owner.id],
  );
  await tx.query(
    `insert into public.projects (org_id, id, workspace_id, name, description, created_by)
     values ($1, $2, $3, 'Website relaunch', 'Demo project', $4) on conflict do nothing`,
    [o.id, o.project, o.defaultWorkspace, u.owner.id],
  );
  await tx.query(
    `insert into public.project_members (org_id, id, project_id, user_id, role, added_by) values
       ($1, $2, $3, $4, 'contributor', $5) on conflict do nothing`,
    [o.id, o.projectMember, o.project, u.member.id, u.owner.id],
  );
  await tx.query(
    `insert into public.project_members (org_id, project_id, user_id, role, added_by) values
       ($1, $2, $3, 'owner', $3) on conflict do nothing`,
    [o.id, o.project, u.owner.id],
  );
  if (kinds.includes('viewer'))
    await tx.query(
      `insert into public.project_members (org_id, project_id, user_id, role, added_by) values
         ($1, $2, $3, 'viewer', $4) on conflict do nothing`,
      [o.id, o.project, u.viewer.id, u.owner.id],
    );
  // The pending invitation's token is random and never printed: use invite_member for a real one.
  await tx.query(
    `insert into public.invitations (org_id, id, email, role, token_hash, invited_by, expires_at)
     values ($1, $2, $3, 'member', $4, $5, now() + interval '30 days') on conflict do nothing`,
    [o.id, o.invitation, u.invited.email, sha256(randomBytes(32)), u.owner.id],
  );
  // Likewise the demo API keys cannot be used: their plaintext was never kept. They exist to be
  // probed, one per role a key may hold.
  for (const [role, name] of [
    ['viewer', 'Dashboard'],
    ['member', 'CI pipeline'],
    ['admin', 'Provisioning'],
  ] as const) {
    await tx.query(
      `insert into public.api_keys (org_id, id, name, role, key_hash, prefix, created_by)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
      [o.id, o.apiKeys[role], name, role, sha256(randomBytes(32)), `pk_${o.slug.slice(0, 4)}`, u.owner.id],
    );
  }
  // Member keys that must grant nothing: one revoked, one expired, and one whose creator is now
  // suspended (a key never outlives its delegator's rights).
  if (!kinds.includes('suspended')) return;
  await tx.query(
    `insert into public.api_keys (org_id, id, name, role, key_hash, prefix, created_by, revoked_at, expires_at, created_at) values
       ($1, $2, 'Old CI (revoked)', 'member', $5, $8, $9, now() - interval '1 day', null, now() - interval '30 days'),
       ($1, $3, 'Trial (expired)', 'member', $6, $8, $9, null, now() - interval '1 day', now() - interval '30 days'),
       ($1, $4, 'Contractor script', 'member', $7, $8, $10, null, null, now() - interval '30 days')
     on conflict do nothing`,
    [
      o.id,
      o.deadKeys.revoked,
      o.deadKeys.expired,
      o.deadKeys.stale,
      sha256(randomBytes(32)),
      sha256(randomBytes(32)),
      sha256(randomBytes(32)),
      `pk_${o.slug.slice(0, 4)}`,
      u.owner.id,
      u.suspended.id,
    ],
  );
}

async function seedPlatform(tx: Parameters<Parameters<Database['transaction']>[0]>[0]) {
  const s = DEMO.stepTypes;
  await tx.query(
    `insert into platform.step_types (id, key, name, category, description) values
       ($1, 'http.request', 'HTTP request', 'integration', 'Calls an external HTTP endpoint'),
       ($2, 'ai.classify', 'AI classification', 'ai', 'Not yet published: invisible to tenants')
     on conflict do nothing`,
    [s.http, s.classify],
  );
  await tx.query(
    `insert into platform.step_type_versions (id, step_type_id, version, input_schema, output_schema, external_call, published_at) values
       ($1, $2, '1.0.0', '{"type":"object","properties":{"url":{"type":"string"}},"required":["url"]}', '{"type":"object"}',
        '{"endpoint":"{{config.url}}","auth":"none"}', now()),
       ($3, $2, '2.0.0', '{"type":"object"}', '{"type":"object"}', '{}', null),
       ($4, $5, '0.1.0', '{"type":"object"}', '{"type":"object"}', '{}', null)
     on conflict do nothing`,
    [s.httpV1, s.http, s.httpV2Draft, s.classifyDraft, s.classify],
  );
  await tx.query(
    `insert into platform.rule_sources (id, key, name, url) values
       ($1, 'gdpr-guidance', 'GDPR guidance feed', 'https://example.org/gdpr.json') on conflict do nothing`,
    [DEMO.ruleSource],
  );
  await tx.query(
    `insert into platform.rule_source_snapshots (id, source_id, content_hash, content, http_status) values
       ($1, $3, encode(sha256('v1'), 'hex'), 'v1', 200), ($2, $3, encode(sha256('v2'), 'hex'), 'v2', 200)
     on conflict do nothing`,
    [DEMO.snapshot, DEMO.snapshot2, DEMO.ruleSource],
  );
  await tx.query(
    `insert into platform.rule_packs (id, name, version, spec, published_at) values
       ($1, 'gdpr-core', '1.0.0', '{"rules":["retention"]}', now()),
       ($2, 'gdpr-core', '1.1.0', '{"rules":["retention","dsr"]}', null)
     on conflict do nothing`,
    [DEMO.rulePacks.published, DEMO.rulePacks.draft],
  );
  await tx.query(
    `insert into platform.rule_pack_detections (id, rule_pack_name, status, summary) values
       ($1, 'gdpr-core', 'proposed', 'Guidance feed changed') on conflict do nothing`,
    [DEMO.detection],
  );
  await tx.query(
    `insert into platform.rule_pack_detection_sources (id, detection_id, source_id, snapshot_id, previous_snapshot_id)
     values ($1, $2, $3, $4, $5) on conflict do nothing`,
    [DEMO.detectionSource, DEMO.detection, DEMO.ruleSource, DEMO.snapshot2, DEMO.snapshot],
  );
  await tx.query(
    `insert into platform.rule_pack_proposals (id, detection_id, rule_pack_name, proposed_version, spec) values
       ($1, $2, 'gdpr-core', '1.1.0', '{"rules":["retention","dsr"]}') on conflict do nothing`,
    [DEMO.proposal, DEMO.detection],
  );
}

/**
 * The soft delete, as the API does it: the owner calls app.delete_organisation, so the chains record
 * it and its keys and invitation are revoked. Last, after every row of it has been seeded.
 */
async function deleteAsOwner(tx: Queryable, o: DemoOrg) {
  const claims = JSON.stringify(claimsFor({ kind: 'user', userId: o.users.owner.id, email: o.users.owner.email }));
  await tx.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
    claims,
  ]);
  await tx.query('select app.delete_organisation($1)', [o.id]);
  await tx.query(`select set_config('role', 'none', true), set_config('request.jwt.claims', '', true)`);
}

async function insertUser(tx: Queryable, u: { id: string; email: string }) {
  await tx.query('insert into auth.users (id, email) values ($1, $2) on conflict do nothing', [u.id, u.email]);
}

/**
 * Where GoTrue owns auth.users (Supabase), a demo user is a complete GoTrue user: confirmed email
 * identity, the instance, audience and role GoTrue writes, empty (not NULL) token columns, and a
 * random bcrypt password nobody knows (sign in with a magic link or a password reset). The shape is
 * that of GoTrue's current migrations; an older GoTrue schema fails here and rolls the seed back.
 */
async function insertGoTrueUser(tx: Queryable, u: { id: string; email: string }) {
  await tx.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
       raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
       confirmation_token, recovery_token, email_change_token_new, email_change)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
       extensions.crypt(encode(extensions.gen_random_bytes(24), 'hex'), extensions.gen_salt('bf')), now(),
       '{"provider": "email", "providers": ["email"]}', '{}', now(), now(), '', '', '', '')
     on conflict (id) do nothing`,
    [u.id, u.email],
  );
  await tx.query(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $3, jsonb_build_object('sub', $1::text, 'email', $2::text, 'email_verified', true), 'email', now(), now(), now())
     on conflict (provider_id, provider) do nothing`,
    [u.id, u.email, u.id],
  );
}

export interface SeedPersona {
  persona: string;
  email: string;
  userId: string;
  org: string;
}

/**
 * Creates the demo tenants (two organisations with a user in every persona of the matrix, and a
 * soft-deleted third with an owner and a member) and a row in every tenant and platform table, so every table can be probed. Runs as the schema owner in one
 * transaction; running it again changes nothing.
 */
export async function seedDemo(db: Database): Promise<SeedPersona[]> {
  const people: SeedPersona[] = [];
  await db.transaction(async (tx) => {
    const users: { id: string; email: string }[] = [DEMO.platformAdmin, DEMO.loner];
    for (const o of Object.values(DEMO.orgs)) {
      for (const kind of MEMBER_KINDS) {
        users.push(o.users[kind]);
        people.push({
          persona: `${kind} of ${o.name}`,
          email: o.users[kind].email,
          userId: o.users[kind].id,
          org: o.id,
        });
      }
    }
    const pr = DEMO.providerOrg;
    for (const kind of MEMBER_KINDS) {
      users.push(pr.users[kind]);
      people.push({
        persona: `${kind} of ${pr.name} (provider)`,
        email: pr.users[kind].email,
        userId: pr.users[kind].id,
        org: pr.id,
      });
    }
    const d = DEMO.deletedOrg;
    for (const kind of DELETED_ORG_KINDS) {
      users.push(d.users[kind]);
      people.push({ persona: `${kind} of ${d.name}`, email: d.users[kind].email, userId: d.users[kind].id, org: d.id });
    }
    people.push({
      persona: 'platform admin (no membership)',
      email: DEMO.platformAdmin.email,
      userId: DEMO.platformAdmin.id,
      org: '-',
    });
    people.push({
      persona: 'signed-in user with no membership',
      email: DEMO.loner.email,
      userId: DEMO.loner.id,
      org: '-',
    });
    const { rows: own } = await tx.query<{ palisades: boolean }>('select app.auth_users_are_palisades() as palisades');
    for (const u of users) {
      await (own[0]!.palisades ? insertUser(tx, u) : insertGoTrueUser(tx, u));
      const name = u.email.split('@')[0]!.replace(/^./, (c) => c.toUpperCase());
      await tx.query(
        `insert into public.profiles (user_id, display_name) values ($1, $2)
         on conflict (user_id) do update set display_name = excluded.display_name`,
        [u.id, name],
      );
    }
    for (const o of Object.values(DEMO.orgs)) await seedOrg(tx, o);
    await seedOrg(tx, pr);
    // Once deleted, the organisation takes no new members, keys or invitations (app.refuse_deleted_org):
    // a second run leaves it as the first left it (or as its owner restored it).
    const { rows: had } = await tx.query('select 1 from public.organisations where id = $1', [d.id]);
    if (!had.length) await seedOrg(tx, d, DELETED_ORG_KINDS);
    // D's delegations only before its delete, like its other rows.
    await seedDelegations(tx, !had.length);
    await seedPlatform(tx);
    await seedRegistryOverlays(tx);
    await seedAudit(tx);
    await seedPlatformAdmins(tx);
    await seedIntegrations(tx, !had.length);
    await seedWorkflowRuns(tx, !had.length);
    await seedRevenue(tx, !had.length);
    await seedConnections(tx, !had.length);
    await seedCredits(tx, !had.length);
    await seedOAuth2(tx, !had.length);
    if (!had.length) await deleteAsOwner(tx, d);
  });
  return people;
}
