import type { Queryable } from '../db/types.ts';
import { loadMigrations, type Migration } from '../migrations/runner.ts';
import type { Manifest } from './manifest.ts';

/** pg-boss's schema (src/jobs/queue.ts's default): queued and retrying jobs are state worth keeping. */
const QUEUE_SCHEMA = 'pgboss';
const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Every schema Palisade's migrations create (`create schema if not exists …`), with `public`,
 * the runner's `palisade_meta` and the job queue's schema. Read from the migrations, so a module
 * that adds a schema is backed up without anyone remembering to list it here.
 */
function palisadeSchemas(migrations: Migration[] = loadMigrations()): string[] {
  const found = new Set(['public', 'palisade_meta', QUEUE_SCHEMA]);
  for (const m of migrations) {
    for (const hit of m.sql.matchAll(/create\s+schema\s+if\s+not\s+exists\s+([a-z_][a-z0-9_]*)/gi)) {
      found.add(hit[1]!.toLowerCase());
    }
  }
  return [...found].filter((s) => IDENT.test(s)).sort();
}

/** Always said in the manifest: what no Palisade backup holds. */
const NEVER: Manifest['excluded'] = [
  {
    what: 'keys: the vault key ring (PALISADE_VAULT_KEYS or the data dir key file) and the audit signing key',
    why: 'a backup holds ciphertext only; back the keys up separately, elsewhere',
  },
  {
    what: 'roles: anon, authenticated, service_role, platform_admin, authenticator and the login role',
    why: 'roles belong to the cluster, not to a schema; restore creates them with src/core/sql/0001_roles.sql',
  },
];

/**
 * The schemas to dump from this database, and what is left out and why:
 * - `extensions` is shared with Supabase; restore makes it (and pgcrypto) with 0001_roles.sql.
 * - `auth` is dumped only where Palisade created it (its `auth.users` carries Palisade's mark,
 *   src/core/sql/0002_auth_compat.sql); on Supabase it is GoTrue's, backed up with the project.
 */
export async function chooseSchemas(q: Queryable): Promise<{ schemas: string[]; excluded: Manifest['excluded'] }> {
  const wanted = palisadeSchemas();
  const { rows } = await q.query<{ nspname: string }>(
    'select nspname from pg_catalog.pg_namespace where nspname = any($1::text[]) order by nspname',
    [wanted],
  );
  const { rows: auth } = await q.query<{ ours: boolean | null }>(
    `select pg_catalog.obj_description(pg_catalog.to_regclass('auth.users'), 'pg_class')
              = 'palisade: auth compatibility table' as ours`,
  );
  const excluded = [...NEVER];
  const schemas: string[] = [];
  for (const { nspname } of rows) {
    if (nspname === 'extensions') {
      excluded.push({
        what: 'schema extensions (pgcrypto)',
        why: 'shared with Supabase; restore creates it and pgcrypto with src/core/sql/0001_roles.sql',
      });
    } else if (nspname === 'auth' && !auth[0]?.ours) {
      excluded.push({
        what: 'schema auth',
        why: "auth.users is Supabase's (GoTrue): back it up with the Supabase project, and restore it before this backup",
      });
    } else schemas.push(nspname);
  }
  return { schemas, excluded };
}
