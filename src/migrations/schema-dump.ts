import type { Database, Queryable } from '../db/types.ts';

/**
 * The schema of a migrated database as SQL text, read from pg_catalog (no pg_dump: PGlite has
 * none), in a fixed order: by schema, then object name, then signature. It is what
 * `palisade schema --write` keeps in docs/schema.sql, a reference to read and diff, not a script
 * to run: the migrations under src/<module>/sql/ are the source.
 *
 * Covered: the schemas Palisade creates (not palisade_meta, the runner's ledger, nor objects that
 * belong to an extension), the roles it creates, domains and composite types, tables with their
 * columns, constraints, row-level security, policies, indexes, triggers and privileges, views,
 * functions and their privileges, and default privileges.
 */

/** The schemas shown; palisade_meta is the runner's bookkeeping and is left out. */
const DUMPED_SCHEMAS = ['app', 'palisade_audit', 'auth', 'extensions', 'platform', 'public', 'palisade_vault'];
/** The roles 0001_roles.sql creates. */
const ROLES = ['anon', 'authenticated', 'authenticator', 'platform_admin', 'service_role'];

const PRIV: Record<string, string> = {
  r: 'select',
  a: 'insert',
  w: 'update',
  d: 'delete',
  D: 'truncate',
  x: 'references',
  t: 'trigger',
  X: 'execute',
  U: 'usage',
  C: 'create',
  c: 'connect',
  T: 'temporary',
  m: 'maintain',
};
const PRIV_ORDER = Object.values(PRIV);

type Row = Record<string, unknown>;

async function rows<R = Row>(db: Queryable, sql: string, params: unknown[] = []): Promise<R[]> {
  return (await db.query<R>(sql, params)).rows;
}

const ident = (s: string) => (/^[a-z_][a-z0-9_]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);

/** `grant … to …;` lines from (grantee, privilege) pairs, one line per grantee, privileges in a fixed order. */
function grantLines(items: { grantee: string; privilege: string }[], on: string, columns = ''): string[] {
  const by = new Map<string, Set<string>>();
  for (const i of items) {
    if (!by.has(i.grantee)) by.set(i.grantee, new Set());
    by.get(i.grantee)!.add(i.privilege);
  }
  return [...by.keys()].sort().map((g) => {
    const privs = PRIV_ORDER.filter((p) => by.get(g)!.has(p)).join(', ');
    return `grant ${privs}${columns ? ` (${columns})` : ''} on ${on} to ${g};`;
  });
}

/**
 * Effective privileges of an object other than its owner's: the ACL, or the default one when none
 * was ever set (so a function anyone may execute shows `to public`). Privilege letters, so the
 * text does not depend on how a server version spells them.
 */
const ACL_ITEMS = (acl: string, kind: string, owner: string) => `
  select case when a.grantee = 0 then 'public' else pg_catalog.quote_ident(g.rolname) end as grantee,
         a.privilege_type as privilege
  from pg_catalog.aclexplode(coalesce(${acl}, pg_catalog.acldefault('${kind}', ${owner}))) a
  left join pg_catalog.pg_roles g on g.oid = a.grantee
  where a.grantee <> ${owner}`;

function privilegesFrom(items: { grantee: string; privilege: string }[]) {
  // aclexplode names privileges in words (SELECT, EXECUTE…); keep them lower case.
  return items.map((i) => ({ grantee: i.grantee, privilege: i.privilege.toLowerCase() }));
}

/** The schema text, read in one transaction with an empty search_path so every name is schema-qualified. */
export async function dumpSchema(db: Database): Promise<string> {
  return db.transaction(async (tx) => dumpSchemaIn(tx));
}

/** The same inside a transaction the caller holds (its search_path is emptied for the rest of it). */
export async function dumpSchemaIn(db: Queryable): Promise<string> {
  await db.query(`select pg_catalog.set_config('search_path', '', true)`);
  const out: string[] = [
    '-- The schema of a freshly migrated Palisade database, read from pg_catalog by',
    '-- `palisade schema --write` (on the embedded engine). Generated: do not edit; the source is',
    '-- src/<module>/sql/. A test fails when this file is stale.',
    '',
  ];
  const section = (title: string) => out.push(`-- ${title} ${'-'.repeat(Math.max(3, 96 - title.length))}`, '');
  const schemas = DUMPED_SCHEMAS;

  // Roles ---------------------------------------------------------------------------------------
  section('Roles (cluster-wide; created if absent)');
  for (const r of await rows<{ rolname: string; inherit: boolean; login: boolean; member_of: string | null }>(
    db,
    `select r.rolname, r.rolinherit as inherit, r.rolcanlogin as login,
            (select string_agg(pg_catalog.quote_ident(g.rolname), ', ' order by g.rolname)
             from pg_catalog.pg_auth_members m join pg_catalog.pg_roles g on g.oid = m.roleid
             where m.member = r.oid and g.rolname = any ($1)) as member_of
     from pg_catalog.pg_roles r where r.rolname = any ($1) order by r.rolname`,
    [ROLES],
  )) {
    out.push(
      `create role ${ident(r.rolname)} ${r.login ? 'login' : 'nologin'} ${r.inherit ? 'inherit' : 'noinherit'};`,
    );
    if (r.member_of) out.push(`grant ${r.member_of} to ${ident(r.rolname)};`);
  }
  out.push('');

  // Schemas and extensions --------------------------------------------------------------------------
  section('Schemas');
  for (const s of await rows<{ oid: number; nspname: string; owner: number }>(
    db,
    `select n.oid, n.nspname, n.nspowner as owner from pg_catalog.pg_namespace n where n.nspname = any ($1) order by n.nspname`,
    [schemas],
  )) {
    out.push(`create schema ${ident(s.nspname)};`);
    const items = await rows<{ grantee: string; privilege: string }>(
      db,
      `${ACL_ITEMS('n.nspacl', 'n', 'n.nspowner')} `.replace(
        'from pg_catalog.aclexplode',
        'from pg_catalog.pg_namespace n, pg_catalog.aclexplode',
      ) + ' and n.oid = $1',
      [s.oid],
    );
    out.push(...grantLines(privilegesFrom(items), `schema ${ident(s.nspname)}`));
  }
  for (const e of await rows<{ extname: string; nspname: string }>(
    db,
    `select e.extname, n.nspname from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace
     where n.nspname = any ($1) order by e.extname`,
    [schemas],
  )) {
    out.push(`create extension ${ident(e.extname)} with schema ${ident(e.nspname)};`);
  }
  out.push('');

  // Objects that belong to an extension (pgcrypto's functions) are the extension's business.
  const notExtension = (cls: string, oid: string) =>
    `not exists (select 1 from pg_catalog.pg_depend d where d.classid = '${cls}'::regclass and d.objid = ${oid} and d.deptype = 'e')`;

  // Types -------------------------------------------------------------------------------------------
  section('Domains and composite types');
  for (const t of await rows<{
    oid: number;
    name: string;
    typtype: string;
    base: string;
    notnull: boolean;
    relid: number;
  }>(
    db,
    `select t.oid, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.typname) as name, t.typtype,
            pg_catalog.format_type(t.typbasetype, t.typtypmod) as base, t.typnotnull as notnull, t.typrelid as relid
     from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
     where n.nspname = any ($1) and (t.typtype = 'd' or (t.typtype = 'c' and (select c.relkind from pg_catalog.pg_class c where c.oid = t.typrelid) = 'c'))
       and ${notExtension('pg_type', 't.oid')}
     order by n.nspname, t.typname`,
    [schemas],
  )) {
    if (t.typtype === 'd') {
      const checks = await rows<{ def: string }>(
        db,
        `select 'constraint ' || pg_catalog.quote_ident(c.conname) || ' ' || pg_catalog.pg_get_constraintdef(c.oid) as def
         from pg_catalog.pg_constraint c where c.contypid = $1 and c.contype = 'c' order by c.conname`,
        [t.oid],
      );
      out.push(
        `create domain ${t.name} as ${t.base}${t.notnull ? ' not null' : ''}${checks.map((c) => `\n  ${c.def}`).join('')};`,
        '',
      );
    } else {
      const attrs = await rows<{ def: string }>(
        db,
        `select pg_catalog.quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod) as def
         from pg_catalog.pg_attribute a where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        [t.relid],
      );
      out.push(`create type ${t.name} as (\n${attrs.map((a) => `  ${a.def}`).join(',\n')}\n);`, '');
    }
  }

  // Tables ------------------------------------------------------------------------------------------
  section('Tables, with their row-level security, policies, indexes, triggers and privileges');
  const tables = await rows<{ oid: number; name: string; rls: boolean; force: boolean }>(
    db,
    `select c.oid, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) as name,
            c.relrowsecurity as rls, c.relforcerowsecurity as force
     from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any ($1) and c.relkind in ('r', 'p') and ${notExtension('pg_class', 'c.oid')}
     order by n.nspname, c.relname`,
    [schemas],
  );
  for (const t of tables) {
    const cols = await rows<{ def: string }>(
      db,
      `select pg_catalog.quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
              || case when a.attcollation <> t.typcollation then ' collate ' || pg_catalog.quote_ident(co.collname) else '' end
              || case when a.attnotnull then ' not null' else '' end
              || case a.attidentity when 'a' then ' generated always as identity' when 'd' then ' generated by default as identity' else '' end
              || case when a.attgenerated = 's' then ' generated always as (' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) || ') stored'
                      when ad.adbin is not null then ' default ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) else '' end as def
       from pg_catalog.pg_attribute a
       join pg_catalog.pg_type t on t.oid = a.atttypid
       left join pg_catalog.pg_collation co on co.oid = a.attcollation
       left join pg_catalog.pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
       where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped order by a.attnum`,
      [t.oid],
    );
    // NOT NULL is shown on the column (PostgreSQL 18 also records it as a constraint).
    const cons = await rows<{ def: string }>(
      db,
      `select 'constraint ' || pg_catalog.quote_ident(c.conname) || ' ' || pg_catalog.pg_get_constraintdef(c.oid) as def
       from pg_catalog.pg_constraint c where c.conrelid = $1 and c.contype <> 'n' order by c.conname`,
      [t.oid],
    );
    out.push(`create table ${t.name} (\n${[...cols, ...cons].map((c) => `  ${c.def}`).join(',\n')}\n);`);
    if (t.rls) out.push(`alter table ${t.name} enable row level security;`);
    if (t.force) out.push(`alter table ${t.name} force row level security;`);
    for (const i of await rows<{ def: string }>(
      db,
      `select pg_catalog.pg_get_indexdef(i.indexrelid) as def from pg_catalog.pg_index i
       join pg_catalog.pg_class ic on ic.oid = i.indexrelid
       where i.indrelid = $1 and not exists (select 1 from pg_catalog.pg_constraint c where c.conindid = i.indexrelid and c.conrelid = i.indrelid)
       order by ic.relname`,
      [t.oid],
    )) {
      out.push(`${i.def};`);
    }
    for (const p of await rows<{ def: string }>(
      db,
      `select 'create policy ' || pg_catalog.quote_ident(p.polname) || ' on ' || $2
              || case when p.polpermissive then '' else ' as restrictive' end
              || ' for ' || case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update' when 'd' then 'delete' else 'all' end
              || ' to ' || coalesce((select string_agg(case when r = 0 then 'public' else pg_catalog.quote_ident(g.rolname) end, ', ' order by g.rolname nulls first)
                                     from unnest(p.polroles) r left join pg_catalog.pg_roles g on g.oid = r), 'public')
              || case when p.polqual is not null then E'\\n  using (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')' else '' end
              || case when p.polwithcheck is not null then E'\\n  with check (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')' else '' end as def
       from pg_catalog.pg_policy p where p.polrelid = $1 order by p.polname`,
      [t.oid, t.name],
    )) {
      out.push(`${p.def};`);
    }
    for (const tr of await rows<{ def: string }>(
      db,
      `select pg_catalog.pg_get_triggerdef(tg.oid) as def from pg_catalog.pg_trigger tg
       where tg.tgrelid = $1 and not tg.tgisinternal order by tg.tgname`,
      [t.oid],
    )) {
      out.push(`${tr.def};`);
    }
    await relationPrivileges(db, t.oid, t.name, 'table', out);
    out.push('');
  }

  // Views -------------------------------------------------------------------------------------------
  section('Views');
  for (const v of await rows<{ oid: number; name: string; options: string | null; def: string }>(
    db,
    `select c.oid, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) as name,
            array_to_string(c.reloptions, ', ') as options, pg_catalog.pg_get_viewdef(c.oid, true) as def
     from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any ($1) and c.relkind = 'v' order by n.nspname, c.relname`,
    [schemas],
  )) {
    out.push(
      `create view ${v.name}${v.options ? ` with (${v.options})` : ''} as\n${v.def.replace(/\s+$/, '').replace(/;$/, '')};`,
    );
    await relationPrivileges(db, v.oid, v.name, 'table', out);
    out.push('');
  }

  // Functions ---------------------------------------------------------------------------------------
  section('Functions, with their privileges');
  for (const f of await rows<{ oid: number; signature: string; def: string }>(
    db,
    `select p.oid, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname) || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' as signature,
            pg_catalog.pg_get_functiondef(p.oid) as def
     from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
     where n.nspname = any ($1) and p.prokind in ('f', 'p') and ${notExtension('pg_proc', 'p.oid')}
     order by n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)`,
    [schemas],
  )) {
    out.push(`${f.def.replace(/\s+$/, '')};`);
    const items = await rows<{ grantee: string; privilege: string }>(
      db,
      ACL_ITEMS('p.proacl', 'f', 'p.proowner').replace(
        'from pg_catalog.aclexplode',
        'from pg_catalog.pg_proc p, pg_catalog.aclexplode',
      ) + ' and p.oid = $1',
      [f.oid],
    );
    const lines = grantLines(privilegesFrom(items), `function ${f.signature}`);
    out.push(...(lines.length ? lines : [`-- ${f.signature}: executable by its owner only`]));
    out.push('');
  }

  // Default privileges ------------------------------------------------------------------------------
  section('Default privileges of the migrating role');
  for (const d of await rows<{ objtype: string; schema: string | null; acl: string }>(
    db,
    `select d.defaclobjtype as objtype, n.nspname as schema,
            coalesce((select string_agg(case when a.grantee = 0 then 'public' else pg_catalog.quote_ident(g.rolname) end || ': ' || lower(a.privilege_type), ', '
                                        order by 1)
                      from pg_catalog.aclexplode(d.defaclacl) a left join pg_catalog.pg_roles g on g.oid = a.grantee
                      where a.grantee <> d.defaclrole), 'no privileges but their owner''s') as acl
     from pg_catalog.pg_default_acl d left join pg_catalog.pg_namespace n on n.oid = d.defaclnamespace
     order by 1, 2`,
  )) {
    const what = { r: 'tables', S: 'sequences', f: 'functions', T: 'types', n: 'schemas' }[d.objtype] ?? d.objtype;
    out.push(`-- new ${what} ${d.schema ? `in ${d.schema}` : 'in any schema'}: ${d.acl}`);
  }
  out.push('');
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

async function relationPrivileges(db: Queryable, oid: number, name: string, kind: string, out: string[]) {
  const items = await rows<{ grantee: string; privilege: string }>(
    db,
    ACL_ITEMS('c.relacl', 'r', 'c.relowner').replace(
      'from pg_catalog.aclexplode',
      'from pg_catalog.pg_class c, pg_catalog.aclexplode',
    ) + ' and c.oid = $1',
    [oid],
  );
  // MAINTAIN (PostgreSQL 17+) is only ever the owner's here; leave it out so versions agree.
  out.push(
    ...grantLines(
      privilegesFrom(items).filter((i) => i.privilege !== 'maintain'),
      `${kind} ${name}`,
    ),
  );
  const cols = await rows<{ attname: string; grantee: string; privilege: string }>(
    db,
    `select pg_catalog.quote_ident(a.attname) as attname,
            case when x.grantee = 0 then 'public' else pg_catalog.quote_ident(g.rolname) end as grantee, lower(x.privilege_type) as privilege
     from pg_catalog.pg_attribute a cross join pg_catalog.aclexplode(a.attacl) x
     left join pg_catalog.pg_roles g on g.oid = x.grantee
     where a.attrelid = $1 and a.attacl is not null and not a.attisdropped
     order by a.attnum`,
    [oid],
  );
  // Column privileges, one line per grantee and privilege, columns in table order.
  const by = new Map<string, string[]>();
  for (const c of cols) {
    const key = `${c.grantee}\u0000${c.privilege}`;
    if (!by.has(key)) by.set(key, []);
    by.get(key)!.push(c.attname);
  }
  for (const key of [...by.keys()].sort()) {
    const [grantee, privilege] = key.split('\u0000') as [string, string];
    out.push(`grant ${privilege} (${by.get(key)!.join(', ')}) on ${kind} ${name} to ${grantee};`);
  }
}
