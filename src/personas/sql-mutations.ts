/*
 * Deliberate breaks of the SQL that decides who may do what: role thresholds, WITH CHECK clauses,
 * NULL and status handling, in the policies and the functions they and the RPCs call. The SQL
 * mutation run (scripts/mutate-sql.ts, `npm run mutate`) applies each to a migrated, seeded
 * database by re-running its file with the one change (every migration is re-runnable), then
 * runs the persona matrix and the RPC probes: a mutant is killed when either notices.
 *
 * A mutant listed with `equivalent` is expected to survive, for the reason given; any other
 * survivor fails the run. `find` must occur exactly once in `file` (src/personas/sql-mutations.test.ts).
 */

export interface SqlMutation {
  id: string;
  /** The migration, relative to src/. */
  file: string;
  /** What the mutant breaks, in words. */
  what: string;
  find: string;
  replace: string;
  /** Why this mutant cannot be told apart from the original by any caller. */
  equivalent?: string;
}

const LOADER = 'core/sql/0003_app_helpers.sql';
const TENANCY = 'tenancy/sql/0010_tenancy.sql';
const RPCS = 'tenancy/sql/0011_tenancy_functions.sql';
const KEYS = 'apikeys/sql/0015_api_keys.sql';
const PROVIDERS = 'providers/sql/0043_provider_delegations.sql';
const WORKFLOWS = 'platform/sql/0024_workflow_defs.sql';
const RUNS = 'runtime/sql/0070_workflow_runs.sql';

export const SQL_MUTATIONS: SqlMutation[] = [
  // The membership loader (app.load_caller_org_ids): every policy's role threshold.
  {
    id: 'loader-key-viewer-passes-member',
    file: LOADER,
    what: 'a viewer key passes the member threshold',
    find: "when 'member' then array['member', 'admin']",
    replace: "when 'member' then array['viewer', 'member', 'admin']",
  },
  {
    id: 'loader-key-member-passes-admin',
    file: LOADER,
    what: 'a member key passes the admin threshold',
    find: "when 'admin' then array['admin'] else",
    replace: "when 'admin' then array['member', 'admin'] else",
  },
  {
    id: 'loader-user-threshold-one-lower',
    file: LOADER,
    what: 'each threshold takes in the role below it (a viewer passes member, a member admin, an admin owner)',
    find: "where m.user_id = sub::uuid and m.status = 'active' and app.role_rank(m.role) >= app.role_rank(min_role)",
    replace:
      "where m.user_id = sub::uuid and m.status = 'active' and app.role_rank(m.role) + 1 >= app.role_rank(min_role)",
  },
  {
    id: 'loader-user-status-ignored',
    file: LOADER,
    what: 'invited and suspended memberships count',
    find: "where m.user_id = sub::uuid and m.status = 'active' and app.role_rank(m.role) >= app.role_rank(min_role)",
    replace: 'where m.user_id = sub::uuid and app.role_rank(m.role) >= app.role_rank(min_role)',
  },
  {
    id: 'loader-deleted-org-kept',
    file: LOADER,
    what: "a soft-deleted organisation stays in its members' sets",
    find: 'and app.role_rank(m.role) >= app.role_rank(min_role)\n          and not exists (select 1 from public.organisations o where o.id = m.org_id and o.deleted_at is not null));\n    else',
    replace: 'and app.role_rank(m.role) >= app.role_rank(min_role));\n    else',
  },
  // The same, for a request that acts in one organisation (palisade.acting_org).
  {
    id: 'acting-threshold-one-lower',
    file: LOADER,
    what: 'acting in one organisation, each threshold takes in the role below it',
    find: "where m.org_id = scope and m.user_id = sub::uuid and m.status = 'active'\n          and app.role_rank(m.role) >= app.role_rank(min_role)",
    replace:
      "where m.org_id = scope and m.user_id = sub::uuid and m.status = 'active'\n          and app.role_rank(m.role) + 1 >= app.role_rank(min_role)",
  },
  {
    id: 'acting-status-ignored',
    file: LOADER,
    what: 'acting in one organisation, invited and suspended memberships count',
    find: "where m.org_id = scope and m.user_id = sub::uuid and m.status = 'active'\n",
    replace: 'where m.org_id = scope and m.user_id = sub::uuid\n',
  },
  {
    id: 'acting-anyone-in-the-organisation',
    file: LOADER,
    what: 'acting in one organisation, any active member of it puts it in the set',
    find: "where m.org_id = scope and m.user_id = sub::uuid and m.status = 'active'\n",
    replace: "where m.org_id = scope and m.status = 'active'\n",
  },
  {
    id: 'acting-deleted-org-counts',
    file: LOADER,
    what: 'acting in a soft-deleted organisation, its members still reach it',
    find: 'and app.role_rank(m.role) >= app.role_rank(min_role)\n          and not exists (select 1 from public.organisations o where o.id = m.org_id and o.deleted_at is not null));\n    end if;',
    replace: 'and app.role_rank(m.role) >= app.role_rank(min_role));\n    end if;',
  },
  // Provider delegation (app.delegated_roles): each link of the chain.
  {
    id: 'delegation-status-ignored',
    file: PROVIDERS,
    what: 'a revoked (or still pending) delegation grants access',
    find: "and d.status = 'active' and (d.expires_at is null",
    replace: 'and (d.expires_at is null',
  },
  {
    id: 'delegation-expiry-ignored',
    file: PROVIDERS,
    what: 'an expired delegation grants access',
    find: ' and (d.expires_at is null or d.expires_at > now());\nrevoke all on app.delegation_grants',
    replace: ';\nrevoke all on app.delegation_grants',
  },
  {
    id: 'delegation-ceiling-ignored',
    file: PROVIDERS,
    what: "the client's ceiling does not cap the delegate's role",
    find: 'least(app.role_rank(d.role_ceiling), app.role_rank(pm.role), a.r)',
    replace: 'least(app.role_rank(pm.role), a.r)',
  },
  {
    id: 'delegation-provider-role-ignored',
    file: PROVIDERS,
    what: "the delegate's own provider role does not cap its role",
    find: 'least(app.role_rank(d.role_ceiling), app.role_rank(pm.role), a.r)',
    replace: 'least(app.role_rank(d.role_ceiling), a.r)',
  },
  {
    id: 'delegation-provider-status-ignored',
    file: PROVIDERS,
    what: 'a suspended member of the provider still acts for its clients',
    find: "  where pm.status = 'active' and a.r > 0\n",
    replace: '  where a.r > 0\n',
  },
  {
    id: 'delegation-assignment-ignored',
    file: PROVIDERS,
    what: 'every member of the provider acts for its clients, assigned or not',
    find: "  where pm.status = 'active' and a.r > 0\n",
    replace: "  where pm.status = 'active'\n",
  },
  {
    id: 'delegation-provider-role-rule-widened',
    file: PROVIDERS,
    what: 'an assignment to "every member holding at least a role" takes in lower roles',
    find: 'or (a.user_id is null and app.role_rank(pm.role) >= app.role_rank(a.provider_role)))',
    replace: 'or (a.user_id is null))',
  },
  {
    id: 'loader-key-revocation-ignored',
    file: LOADER,
    what: 'a revoked key still grants',
    find: 'and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())',
    replace: 'and (k.expires_at is null or k.expires_at > now())',
  },
  {
    id: 'loader-key-expiry-ignored',
    file: LOADER,
    what: 'an expired key still grants',
    find: 'and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())',
    replace: 'and k.revoked_at is null',
  },
  {
    id: 'loader-set-of-another-identity',
    file: LOADER,
    what: 'a threshold set loaded for one identity is reused for another in the same transaction',
    find: 'if starts_with(held, prefix) then',
    replace: "if coalesce(held, '') <> '' then",
  },
  {
    id: 'org-change-allowed',
    file: LOADER,
    what: 'a row may move to another organisation',
    find: 'if new.org_id is distinct from old.org_id then',
    replace: 'if false then',
  },
  {
    id: 'helper-has-org-role-null',
    file: LOADER,
    what: 'app.has_org_role answers NULL for a stranger, so `if not has_org_role(…)` lets them through',
    find: "any (coalesce(roles, '{owner,admin,member,viewer}')), false))",
    replace: "any (coalesce(roles, '{owner,admin,member,viewer}')), null))",
  },
  // The one statement of what a key acts as.
  {
    id: 'key-role-creator-status-ignored',
    file: KEYS,
    what: "a key outlives its creator's suspension",
    find: "select case when creator_status is distinct from 'active' then null",
    replace: 'select case when creator_status is null then null',
  },
  // Policies.
  {
    id: 'policy-projects-insert-viewer',
    file: TENANCY,
    what: 'viewers create projects',
    find: "for insert to authenticated\n  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[])\n",
    replace:
      "for insert to authenticated\n  with check (org_id = any ((select app.caller_org_ids('viewer'))::uuid[])\n",
  },
  {
    id: 'policy-workspaces-insert-no-check',
    file: TENANCY,
    what: 'anyone signed in creates workspaces in any organisation',
    find: 'create policy "Owners and admins create workspaces" on public.workspaces\n  for insert to authenticated\n  with check (org_id = any ((select app.caller_org_ids(\'admin\'))::uuid[]));',
    replace:
      'create policy "Owners and admins create workspaces" on public.workspaces\n  for insert to authenticated\n  with check (true);',
  },
  {
    id: 'policy-workspaces-update-no-check',
    file: TENANCY,
    what: 'an edited workspace row is not re-checked (WITH CHECK true)',
    find: "  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[])\n         or (org_id, id) in (select * from app.caller_workspace_grants('admin')));",
    replace: '  with check (true);',
    equivalent:
      'the only column that could take a row out of the USING set is org_id, and the org_id trigger (app.forbid_org_change) refuses every change to it first',
  },
  {
    id: 'policy-organisations-update-member',
    file: TENANCY,
    what: 'members rename their organisation',
    find: "using (id = any ((select app.caller_org_ids('admin'))::uuid[]))\n  with check (id = any ((select app.caller_org_ids('admin'))::uuid[]));",
    replace:
      "using (id = any ((select app.caller_org_ids('member'))::uuid[]))\n  with check (id = any ((select app.caller_org_ids('member'))::uuid[]));",
  },
  {
    id: 'policy-members-visible-to-all',
    file: TENANCY,
    what: 'every signed-in user sees every membership',
    find: 'create policy "Members see who else belongs to their organisations" on public.organisation_members\n  for select to authenticated\n  using (org_id = any ((select app.caller_org_ids(\'viewer\'))::uuid[]));',
    replace:
      'create policy "Members see who else belongs to their organisations" on public.organisation_members\n  for select to authenticated\n  using (true);',
  },
  {
    id: 'policy-api-keys-visible-to-viewers',
    file: KEYS,
    what: "viewers read their organisation's API keys",
    find: "create policy \"Owners and admins see their organisations' API keys\" on public.api_keys\n  for select to authenticated\n  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));",
    replace:
      "create policy \"Owners and admins see their organisations' API keys\" on public.api_keys\n  for select to authenticated\n  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));",
  },
  {
    id: 'policy-workflow-defs-insert-viewer',
    file: WORKFLOWS,
    what: 'viewers create workflow definitions',
    find: "on public.workflow_defs\n  for insert to authenticated\n  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));",
    replace:
      "on public.workflow_defs\n  for insert to authenticated\n  with check (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));",
  },
  // Security-definer RPCs: the role checks they make themselves.
  {
    id: 'rpc-viewer-changes-run',
    file: RUNS,
    what: 'viewers cancel workflow runs and re-run their steps',
    find: "not org = any (app.caller_org_ids('member')) then\n    raise exception 'viewers cannot change workflow runs'",
    replace:
      "not org = any (app.caller_org_ids('viewer')) then\n    raise exception 'viewers cannot change workflow runs'",
  },
  {
    id: 'rpc-create-project-viewer',
    file: RPCS,
    what: 'viewers create projects through the RPC',
    find: "'{owner,admin,member}', 'create projects'",
    replace: "'{owner,admin,member,viewer}', 'create projects'",
  },
  {
    id: 'rpc-create-workspace-member',
    file: RPCS,
    what: 'members create workspaces through the RPC',
    find: "'{owner,admin}', 'create workspaces'",
    replace: "'{owner,admin,member}', 'create workspaces'",
  },
  {
    id: 'rpc-admin-changes-owner',
    file: RPCS,
    what: 'an admin changes, suspends or removes an owner',
    find: "if target_row.role = 'owner' and coalesce(caller_role, '') not in ('owner', 'operator') then",
    replace: 'if false then',
  },
  {
    id: 'rpc-admin-grants-ownership',
    file: RPCS,
    what: 'an admin grants ownership',
    find: "if role = 'owner' and coalesce(app.caller_org_role(org), '') not in ('owner', 'operator') then",
    replace: 'if false then',
  },
  {
    id: 'rpc-null-role-passes',
    file: RPCS,
    what: 'a caller without a role (NULL) passes the role check',
    find: "if r is distinct from 'operator' and not coalesce(r = any (roles), false) then",
    replace: "if r is distinct from 'operator' and not coalesce(r = any (roles), true) then",
    equivalent:
      'a NULL role is refused as PS404 two lines earlier (`if r is null`), so the coalesce never sees NULL; each guard alone keeps the refusal',
  },
  {
    id: 'rpc-null-role-check-removed',
    file: RPCS,
    what: 'the explicit refusal of a NULL role is removed (a provider delegate, in the membership sets but no member, then learns the organisation exists: PS403 instead of PS404)',
    find: "  if r is null then\n    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';\n  end if;\n  if r is distinct from",
    replace: '  if r is distinct from',
  },
  {
    id: 'rpc-key-role-above-creator',
    file: 'apikeys/sql/0032_api_key_rpc.sql',
    what: "a key is minted with a stronger role than its creator's",
    find: 'if app.org_role_rank(role) > app.org_role_rank(caller_role) then',
    replace: 'if false then',
    equivalent:
      "unreachable today: the creator is an owner or admin (require_org_role just above) and a key's role is at most admin (require_choice), so no key can outrank its creator; the check guards a future change of either list",
  },
  {
    id: 'rpc-key-mints-key',
    file: 'apikeys/sql/0032_api_key_rpc.sql',
    what: 'a key or an operator mints keys',
    find: 'if app.uid() is null or app.is_platform_operator() then',
    replace: 'if false then',
  },
  // The organisation lifecycle: the deleted demo organisation's personas and the lifecycle probes.
  {
    id: 'rpc-admin-deletes-org',
    file: RPCS,
    what: 'admins delete the organisation',
    find: "if app.require_org_role(org, '{owner}', 'delete the organisation') is distinct from 'owner' then",
    replace: "if app.require_org_role(org, '{owner,admin}', 'delete the organisation') not in ('owner', 'admin') then",
  },
  {
    id: 'rpc-member-restores-org',
    file: RPCS,
    what: 'any active member of a deleted organisation restores it',
    find: "if r is distinct from 'owner' then",
    replace: 'if r is null then',
  },
  {
    id: 'rpc-deleted-orgs-listed-to-members',
    file: RPCS,
    what: 'the deleted organisations are listed to every member, not only owners',
    find: "m.role = 'owner' and o.deleted_at is not null",
    replace: 'o.deleted_at is not null',
  },
];
