/**
 * The persona matrix: for every table and view, every persona and every operation, what must
 * happen. Written once, here, as data. src/personas/matrix.test.ts proves the live database does
 * exactly this on both engines, and docs/rls-matrix.md is rendered from it (a test fails when the
 * rendering is stale), so the docs and the database cannot drift.
 *
 * Adding a table? Add an entry below; the matrix test fails for any table or view in `public` or
 * `platform` that has none.
 */
import { CONNECTIONS_MATRIX_ENTRIES } from '../connections/matrix.ts';
import { OAUTH2_MATRIX_ENTRIES } from '../connections/oauth2/matrix.ts';
import { CREDITS_MATRIX_ENTRIES } from '../credits/matrix.ts';
import { INTEGRATION_MATRIX_ENTRIES } from '../integrations/matrix.ts';
import { REGISTRY_OVERLAY_MATRIX_ENTRIES } from '../platform/matrix.ts';
import { PROVIDER_MATRIX_ENTRIES } from '../providers/matrix.ts';
import { REVENUE_MATRIX_ENTRIES } from '../revenue/matrix.ts';
import { RUNTIME_MATRIX_ENTRIES } from '../runtime/matrix.ts';
import { DEMO, type DemoOrg } from '../seed/ids.ts';
import { type MatrixEntry, type Outcomes, READ, type SelectOutcome, type Statement, WRITE } from './levels.ts';
import type { Persona } from './personas.ts';

export type {
  MatrixEntry,
  Operation,
  Statement,
} from './levels.ts';

const byId =
  (column: string, pick: (o: DemoOrg) => string) =>
  (o: DemoOrg): Statement => ({
    sql: `org_id = $1 and ${column} = $2`,
    params: [o.id, pick(o)],
  });

const tenant = (e: Omit<MatrixEntry, 'tenancy'>): MatrixEntry => ({ tenancy: 'tenant', ...e });

const profileOf = (o: DemoOrg, p: Persona) => (p.userId && o.key !== 'b' ? p.userId : o.users.owner.id);

const S = DEMO.stepTypes;

export const MATRIX: MatrixEntry[] = [
  {
    table: 'public.organisations',
    tenancy: 'organisation',
    probe: 'id, name',
    select: READ.members,
    insert: WRITE.operators,
    update: WRITE.ownerAdmin,
    delete: WRITE.operators,
    probes: {
      insert: () => ({ sql: `insert into public.organisations (name) values ('Probe Org')`, params: [] }),
      target: (o) => ({ sql: 'id = $1', params: [o.id] }),
      set: 'name = name',
    },
  },
  tenant({
    table: 'public.organisation_members',
    probe: 'org_id, user_id, role, status',
    select: READ.members,
    insert: WRITE.operators,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.organisation_members (org_id, user_id, role) values ($1, $2, 'member')`,
        params: [o.id, DEMO.loner.id],
      }),
      target: byId('user_id', (o) => o.users.member.id),
      set: 'role = role',
    },
  }),
  tenant({
    table: 'public.invitations',
    probe: 'org_id, id, email',
    select: READ.ownerAdmin,
    insert: WRITE.service,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.invitations (org_id, email, role, token_hash, expires_at)
              values ($1, 'probe@example.test', 'member', sha256(gen_random_uuid()::text::bytea), now() + interval '1 day')`,
        params: [o.id],
      }),
      target: byId('id', (o) => o.invitation),
      set: 'revoked_at = revoked_at',
    },
  }),
  {
    table: 'public.profiles',
    tenancy: 'user',
    probe: 'user_id, display_name',
    select: READ.colleagues,
    insert: WRITE.self,
    update: WRITE.self,
    delete: WRITE.operators,
    probes: {
      // A person writes their own profile; anyone else, and anyone aiming at B (the cross-tenant
      // check), aims at the organisation owner's.
      beforeInsert: (o, p) => `delete from public.profiles where user_id = '${profileOf(o, p)}'`,
      insert: (o, p) => ({
        sql: `insert into public.profiles (user_id, display_name) values ($1, 'Probe')`,
        params: [profileOf(o, p)],
      }),
      target: (o, p) => ({ sql: 'user_id = $1', params: [profileOf(o, p)] }),
      set: 'display_name = display_name',
    },
  },
  tenant({
    table: 'public.workspaces',
    probe: 'org_id, id, name',
    select: READ.members,
    insert: WRITE.ownerAdmin,
    update: WRITE.ownerAdmin,
    delete: WRITE.ownerAdmin,
    probes: {
      insert: (o) => ({ sql: `insert into public.workspaces (org_id, name) values ($1, 'Probe')`, params: [o.id] }),
      target: byId('id', (o) => o.workspace),
      set: 'name = name',
    },
  }),
  tenant({
    table: 'public.projects',
    probe: 'org_id, id, name',
    select: READ.members,
    insert: WRITE.writers,
    update: WRITE.ownerAdmin,
    delete: WRITE.ownerAdmin,
    probes: {
      insert: (o) => ({
        sql: `insert into public.projects (org_id, workspace_id, name) values ($1, $2, 'Probe')`,
        params: [o.id, o.defaultWorkspace],
      }),
      target: byId('id', (o) => o.project),
      set: 'name = name',
    },
  }),
  tenant({
    table: 'public.project_members',
    probe: 'org_id, id, project_id, user_id, role',
    select: READ.members,
    insert: WRITE.ownerAdmin,
    update: WRITE.ownerAdmin,
    delete: WRITE.ownerAdmin,
    probes: {
      insert: (o) => ({
        sql: `insert into public.project_members (org_id, project_id, user_id, role) values ($1, $2, $3, 'contributor')`,
        params: [o.id, o.project, o.users.admin.id],
      }),
      target: byId('id', (o) => o.projectMember),
      set: 'role = role',
    },
  }),
  tenant({
    table: 'public.api_keys',
    probe: 'org_id, id, name, prefix',
    select: READ.ownerAdmin,
    insert: WRITE.service,
    update: WRITE.ownerAdmin,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.api_keys (org_id, name, role, key_hash, prefix)
              values ($1, 'Probe', 'viewer', sha256(gen_random_uuid()::text::bytea), 'pk_probe')`,
        params: [o.id],
      }),
      target: byId('id', (o) => o.apiKey),
      set: 'name = name',
    },
  }),
  ...auditTables(),
  ...platformTables(),
  // Who may obtain an admin token (src/auth/sql/0030_platform_admins.sql): only the service writes it.
  {
    table: 'platform.admins',
    tenancy: 'platform',
    probe: 'user_id',
    select: READ.operators,
    insert: WRITE.service,
    update: WRITE.service,
    delete: WRITE.service,
    probes: {
      insert: () => ({ sql: 'insert into platform.admins (user_id) values ($1)', params: [DEMO.loner.id] }),
      target: () => ({ sql: 'user_id = $1', params: [DEMO.platformAdmin.id] }),
      set: 'note = note',
    },
  },
  ...PROVIDER_MATRIX_ENTRIES,
  ...INTEGRATION_MATRIX_ENTRIES,
  ...REGISTRY_OVERLAY_MATRIX_ENTRIES,
  ...RUNTIME_MATRIX_ENTRIES,
  ...REVENUE_MATRIX_ENTRIES,
  ...CONNECTIONS_MATRIX_ENTRIES,
  ...CREDITS_MATRIX_ENTRIES,
  ...OAUTH2_MATRIX_ENTRIES,
  ...views(),
];

function platformTables(): MatrixEntry[] {
  const p = (
    table: string,
    probe: string,
    select: Outcomes<SelectOutcome>,
    insertSql: string,
    target: Statement,
    set: string,
    publishedRows?: string,
  ): MatrixEntry => ({
    table,
    tenancy: 'platform',
    probe,
    ...(publishedRows ? { publishedRows } : {}),
    select,
    insert: WRITE.operators,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: { insert: () => ({ sql: insertSql, params: [] }), target: () => target, set },
  });
  return [
    p(
      'platform.step_types',
      'id, key',
      READ.published,
      `insert into platform.step_types (key, name) values ('probe.step', 'Probe')`,
      { sql: 'id = $1', params: [S.classify] },
      'name = name',
      'select 1 from platform.step_types t where exists (select 1 from platform.step_type_versions v where v.step_type_id = t.id and v.published_at is not null)',
    ),
    p(
      'platform.step_type_versions',
      'id, version',
      READ.published,
      `insert into platform.step_type_versions (step_type_id, version) values ('${S.http}', '9.9.9')`,
      { sql: 'id = $1', params: [S.httpV2Draft] },
      'deprecated_at = deprecated_at',
      'select 1 from platform.step_type_versions where published_at is not null',
    ),
    p(
      'platform.rule_packs',
      'id, name, version',
      READ.published,
      `insert into platform.rule_packs (name, version, spec) values ('probe', '1.0.0', '{}')`,
      { sql: 'id = $1', params: [DEMO.rulePacks.draft] },
      'name = name',
      'select 1 from platform.rule_packs where published_at is not null',
    ),
    p(
      'platform.rule_sources',
      'id',
      READ.operators,
      `insert into platform.rule_sources (key, name, url) values ('probe', 'Probe', 'https://example.org/')`,
      { sql: 'id = $1', params: [DEMO.ruleSource] },
      'name = name',
    ),
    p(
      'platform.rule_source_snapshots',
      'id',
      READ.operators,
      `insert into platform.rule_source_snapshots (source_id, content_hash) values ('${DEMO.ruleSource}', repeat('0', 64))`,
      { sql: 'id = $1', params: [DEMO.snapshot] },
      'http_status = http_status',
    ),
    p(
      'platform.rule_pack_detections',
      'id',
      READ.operators,
      `insert into platform.rule_pack_detections (rule_pack_name) values ('probe')`,
      { sql: 'id = $1', params: [DEMO.detection] },
      'summary = summary',
    ),
    p(
      'platform.rule_pack_detection_sources',
      'id',
      READ.operators,
      `insert into platform.rule_pack_detection_sources (detection_id, source_id, snapshot_id) values ('${DEMO.detection}', '${DEMO.ruleSource}', '${DEMO.snapshot}')`,
      { sql: 'id = $1', params: [DEMO.detectionSource] },
      'previous_snapshot_id = previous_snapshot_id',
    ),
    p(
      'platform.rule_pack_proposals',
      'id',
      READ.operators,
      `insert into platform.rule_pack_proposals (detection_id, rule_pack_name, proposed_version, spec) values ('${DEMO.detection}', 'probe', '1.0.0', '{}')`,
      { sql: 'id = $1', params: [DEMO.proposal] },
      'status = status',
    ),
  ];
}

function views(): MatrixEntry[] {
  const v = (table: string, probe: string, insertSql: string, target: Statement, set: string): MatrixEntry => ({
    table,
    tenancy: 'view',
    probe,
    publishedRows: `select 1 from ${table}`,
    select: READ.publishedView,
    insert: WRITE.nobody,
    update: WRITE.nobody,
    delete: WRITE.nobody,
    probes: { insert: () => ({ sql: insertSql, params: [] }), target: () => target, set },
  });
  return [
    v(
      'public.v_step_types',
      'id, key',
      `insert into public.v_step_types (key, name) values ('probe.view', 'Probe')`,
      { sql: 'id = $1', params: [S.http] },
      'name = name',
    ),
    v(
      'public.v_step_type_versions',
      'id, version',
      `insert into public.v_step_type_versions (step_type_id, version) values ('${S.http}', '8.8.8')`,
      { sql: 'id = $1', params: [S.httpV1] },
      'version = version',
    ),
    v(
      'public.v_rule_packs',
      'id, name',
      `insert into public.v_rule_packs (name, version, spec) values ('probe', '2.0.0', '{}')`,
      { sql: 'id = $1', params: [DEMO.rulePacks.published] },
      'name = name',
    ),
  ];
}

/** The audit chains (src/audit/sql/0040_audit_chains.sql): read-only for every API role; only app.audit_append writes. */
function auditTables(): MatrixEntry[] {
  return (['public.audit_log', 'public.admin_actions'] as const).map((table) =>
    tenant({
      table,
      probe: 'org_id, seq, action',
      select: READ.ownerAdmin,
      insert: WRITE.nobody,
      update: WRITE.nobody,
      delete: WRITE.nobody,
      probes: {
        insert: (o) => ({
          sql: `insert into ${table} (org_id, seq, created_at, actor_role, action, prev_hash, hash)
                values ($1, 1000000, now(), 'probe', 'probe', sha256(''::bytea), sha256(''::bytea))`,
          params: [o.id],
        }),
        target: (o) => ({ sql: 'org_id = $1 and seq = 1', params: [o.id] }),
        set: 'action = action',
      },
    }),
  );
}
