import { versionOf } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';

export interface ProfileRow {
  user_id: string;
  display_name: string | null;
  avatar_url: string | null;
  created_at: Date;
  updated_at: Date;
  v: string;
}

const COLUMNS = `user_id, display_name, avatar_url, created_at, updated_at, ${versionOf()} as v`;

/** The caller's own profile (RLS: a person sees their own and their colleagues'). */
export async function getOwnProfile(tx: Queryable): Promise<ProfileRow | null> {
  const { rows } = await tx.query<ProfileRow>(`select ${COLUMNS} from public.profiles where user_id = app.uid()`);
  return rows[0] ?? null;
}

export async function updateOwnProfile(
  tx: Queryable,
  set: { sql: string; params: unknown[] },
  versions: string[] | null,
): Promise<ProfileRow | null> {
  const n = set.params.length;
  const { rows } = await tx.query<ProfileRow>(
    `update public.profiles set ${set.sql}
     where user_id = app.uid() and ($${n + 1}::text[] is null or ${versionOf()} = any ($${n + 1}::text[]))
     returning ${COLUMNS}`,
    [...set.params, versions],
  );
  return rows[0] ?? null;
}

export async function createOwnProfile(
  tx: Queryable,
  fields: { display_name?: string | null; avatar_url?: string | null },
): Promise<ProfileRow> {
  const { rows } = await tx.query<ProfileRow>(
    `insert into public.profiles (user_id, display_name, avatar_url) values (app.uid(), $1, $2) returning ${COLUMNS}`,
    [fields.display_name ?? null, fields.avatar_url ?? null],
  );
  return rows[0]!;
}
