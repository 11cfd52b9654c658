import { afterCursor, type Cursor, sortKey, versionOf } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';

export interface OrgRow {
  id: string;
  name: string;
  slug: string | null;
  my_role: string | null;
  created_at: Date;
  updated_at: Date;
  v: string;
  _k: string;
}

// The caller's role comes from its own active membership; an API key's role is added by the route.
const SELECT = `select o.id, o.name, o.slug, m.role as my_role, o.created_at, o.updated_at,
    ${versionOf('o.')} as v, ${sortKey('o.')}
  from public.organisations o
  left join public.organisation_members m on m.org_id = o.id and m.user_id = app.uid() and m.status = 'active'`;

/**
 * Organisations the caller belongs to (for an API key: its own), one page. app.caller_org_page picks
 * the page's ids from the caller's set in (created_at, id) order, with the caller's own role in
 * each; the rows are then read through RLS, which still decides what the caller sees. The page is
 * materialised once and the rows are read by one index scan over its ids: a join probing the
 * organisations row by row would check each probe against the caller's whole set.
 */
export async function listMyOrgs(tx: Queryable, cursor: Cursor | null, limit: number): Promise<OrgRow[]> {
  const { rows } = await tx.query<OrgRow>(
    `with page as materialized (select p.id, p.my_role from app.caller_org_page($2::bigint, $3::uuid, $1) p)
     select o.id, o.name, o.slug, page.my_role, o.created_at, o.updated_at, ${versionOf('o.')} as v, ${sortKey('o.')}
     from public.organisations o
     join page on page.id = o.id
     where o.id = any (array(select id from page))
     order by o.created_at, o.id limit $1`,
    [limit + 1, cursor?.k ?? null, cursor?.id ?? null],
  );
  return rows;
}

/** Every organisation RLS shows: all of them for a platform admin. */
export async function listAllOrgs(tx: Queryable, cursor: Cursor | null, limit: number): Promise<OrgRow[]> {
  const after = afterCursor(cursor, 2, 'o.');
  const { rows } = await tx.query<OrgRow>(`${SELECT} where true${after.sql} order by o.created_at, o.id limit $1`, [
    limit + 1,
    ...after.params,
  ]);
  return rows;
}

export async function getOrg(tx: Queryable, id: string): Promise<OrgRow | null> {
  const { rows } = await tx.query<OrgRow>(`${SELECT} where o.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function createOrg(tx: Queryable, name: string, slug: string | null): Promise<string> {
  const { rows } = await tx.query<{ id: string }>('select public.create_organisation($1, $2) as id', [name, slug]);
  return rows[0]!.id;
}

export async function updateOrg(
  tx: Queryable,
  id: string,
  set: { sql: string; params: unknown[] },
  versions: string[] | null,
): Promise<boolean> {
  const n = set.params.length;
  const res = await tx.query(
    `update public.organisations set ${set.sql}
     where id = $${n + 1} and ($${n + 2}::text[] is null or ${versionOf()} = any ($${n + 2}::text[]))`,
    [...set.params, id, versions],
  );
  return res.rowCount > 0;
}

export const orgVersion = (id: string) => ({
  sql: `select ${versionOf()} as v from public.organisations where id = $1`,
  params: [id],
});

export interface DeletedOrgRow {
  id: string;
  name: string;
  slug: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  purge_after: Date | null;
}

/** Soft delete by an owner (app.delete_organisation decides and audits). */
export async function deleteOrg(tx: Queryable, id: string): Promise<DeletedOrgRow> {
  const { rows } = await tx.query<DeletedOrgRow>('select * from public.delete_organisation($1)', [id]);
  return rows[0]!;
}

export async function restoreOrg(tx: Queryable, id: string): Promise<DeletedOrgRow> {
  const { rows } = await tx.query<DeletedOrgRow>('select * from public.restore_organisation($1)', [id]);
  return rows[0]!;
}

export async function listMyDeletedOrgs(tx: Queryable): Promise<DeletedOrgRow[]> {
  const { rows } = await tx.query<DeletedOrgRow>('select * from public.my_deleted_organisations()');
  return rows;
}
