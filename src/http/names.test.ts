/**
 * Names are single-line in the database too: every name, title and label column of Palisade's
 * tables refuses C0 control characters and DEL by a constraint named
 * `<table>_<column>_single_line`, which the HTTP error mapping answers as 422 naming the column.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { beforeAll, expect, it } from 'vitest';
import { type Principal, withPrincipal } from '../db/principal.ts';
import { DEMO } from '../seed/ids.ts';
import { ROUTE_MODULES } from '../server/routes.ts';
import { bearer, json, userToken, useServer } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { mapError } from './error-map.ts';
import { run } from './run.ts';
import { SINGLE_LINE } from './schemas.ts';
import type { RouteModule } from './types.ts';

const A = DEMO.orgs.a;
const owner: Principal = { kind: 'user', userId: A.users.owner.id };
const service: Principal = { kind: 'service' };

/** Human-readable single-line text, by column name: names, display names, titles, labels, categories. */
const NAME_COLUMN = '^(name|display_name|title|label|category)$|_name$';

/** Every C0 control character but NUL (which text cannot hold at all), and DEL. */
const CONTROLS = [...Array.from({ length: 31 }, (_, i) => i + 1), 0x7f].map((c) => String.fromCharCode(c));
/** The ends of the ranges and the usual suspects, tried on every column (all of CONTROLS on one). */
const SAMPLE = ['\u0001', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f'];

interface NameColumn {
  schema: string;
  table: string;
  column: string;
}

async function refusal(p: Promise<unknown>) {
  return p.then(
    () => null,
    (e: { code?: string; constraint?: string }) => e,
  );
}

/** A route that exists only in this test: renames A's workspace in SQL, past the HTTP layer's Name schema. */
const rawRename: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/test/raw-rename', { schema: { hide: true } }, async (req) =>
    run(req, (tx) =>
      tx.query('update public.workspaces set name = $2 where org_id = $1 and id = $3', [
        A.id,
        (req.body as { name: string }).name,
        A.workspace,
      ]),
    ),
  );
};

describeEngines('names are single-line in the database too', (ctx) => {
  const server = useServer(ctx, () => ({ routes: [...ROUTE_MODULES, async () => ({ default: rawRename })] }));
  let columns: NameColumn[];

  beforeAll(async () => {
    columns = (
      await ctx.db.query<NameColumn>(
        `select c.table_schema as schema, c.table_name as table, c.column_name as column
         from information_schema.columns c
         join information_schema.tables t using (table_schema, table_name)
         where t.table_type = 'BASE TABLE' and c.data_type = 'text' and c.column_name ~ $1
           -- palisade_meta.migrations.name is a file name the migrator writes, and no API role reaches it.
           and c.table_schema not in ('pg_catalog', 'information_schema', 'auth', 'palisade_meta')
         order by 1, 2, 3`,
        [NAME_COLUMN],
      )
    ).rows;
  });

  it('every name, title and label column has a <table>_<column>_single_line constraint', async () => {
    expect(columns.map((c) => `${c.schema}.${c.table}.${c.column}`)).toEqual([
      'platform.plans.name',
      'platform.rule_pack_detections.rule_pack_name',
      'platform.rule_pack_proposals.rule_pack_name',
      'platform.rule_packs.name',
      'platform.rule_sources.name',
      'platform.rule_sources.rule_pack_name',
      'platform.step_types.category',
      'platform.step_types.name',
      'platform.token_packs.name',
      'public.api_connections.api_key_name',
      'public.api_connections.name',
      'public.api_keys.name',
      'public.implementation_requests.title',
      'public.integration_notifications.title',
      'public.lead_capture_keys.name',
      'public.leads.name',
      'public.oauth2_connections.name',
      'public.organisation_integrations.display_name',
      'public.organisations.name',
      'public.profiles.display_name',
      'public.projects.name',
      'public.rule_pack_installs.rule_pack_name',
      'public.workflow_defs.name',
      'public.workspaces.name',
    ]);
    const { rows } = await ctx.db.query<{ conname: string; relname: string; nspname: string }>(
      `select con.conname, rel.relname, ns.nspname from pg_constraint con
       join pg_class rel on rel.oid = con.conrelid join pg_namespace ns on ns.oid = rel.relnamespace
       where con.contype = 'c' and con.conname like '%\\_single\\_line'`,
    );
    const have = new Set(rows.map((r) => `${r.nspname}.${r.relname}.${r.conname}`));
    expect(columns.filter((c) => !have.has(`${c.schema}.${c.table}.${c.table}_${c.column}_single_line`))).toEqual([]);
  });

  it('the service role writing any control character or DEL into any of them is refused, and mapped to 422 naming the column', async () => {
    const wrong: string[] = [];
    for (const { schema, table, column } of columns) {
      const target = `"${schema}"."${table}"`;
      // One row of the seeded demo; the rule pack still a draft, so no immutability trigger answers first.
      const where = table === 'rule_packs' ? 'where published_at is null' : '';
      for (const ch of table === 'organisations' ? CONTROLS : SAMPLE) {
        const err = await refusal(
          withPrincipal(ctx.db, service, async (tx) => {
            // palisade-lint: constant-sql test: identifiers of Palisade's own name columns read from the catalog, quoted; the value is a parameter
            const res = await tx.query(
              `update ${target} set "${column}" = $1 where ctid = (select ctid from ${target} ${where} limit 1)`,
              [`bad${ch}name`],
            );
            if (res.rowCount !== 1) throw new Error(`no row of ${target} to update`);
          }),
        );
        const mapped = err && mapError(err, { anonymous: false });
        const got = `${err?.code} ${err?.constraint} ${mapped?.status} ${mapped?.field} ${mapped?.message}`;
        // An install's rule_pack_name is copied from its rule pack by a trigger that refuses any
        // other value before the constraint is reached.
        const want =
          table === 'rule_pack_installs'
            ? `PS422 undefined 422 ${column} ${column} follows the installed rule pack and cannot be set`
            : `23514 ${table}_${column}_single_line 422 ${column} ${column}: ${SINGLE_LINE}`;
        if (got !== want) wrong.push(`${table}.${column} U+${ch.charCodeAt(0).toString(16)}: ${got}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("a tenant's owner writing a control character in SQL is refused on every name it may write", async () => {
    const bad = 'bad\u001b[31mname';
    const writes: [string, string, unknown[]][] = [
      ['organisations_name_single_line', 'update public.organisations set name = $2 where id = $1', [A.id, bad]],
      ['workspaces_name_single_line', 'insert into public.workspaces (org_id, name) values ($1, $2)', [A.id, bad]],
      [
        'projects_name_single_line',
        'update public.projects set name = $3 where org_id = $1 and id = $2',
        [A.id, A.project, bad],
      ],
      [
        'api_keys_name_single_line',
        'update public.api_keys set name = $3 where org_id = $1 and id = $2',
        [A.id, A.apiKey, bad],
      ],
      [
        'organisation_integrations_display_name_single_line',
        'update public.organisation_integrations set display_name = $2 where org_id = $1',
        [A.id, bad],
      ],
      ['workflow_defs_name_single_line', 'update public.workflow_defs set name = $2 where org_id = $1', [A.id, bad]],
      [
        'profiles_display_name_single_line',
        'update public.profiles set display_name = $2 where user_id = $1',
        [A.users.owner.id, 'tab\there'],
      ],
    ];
    const outcomes: Record<string, string> = {};
    for (const [constraint, sql, params] of writes) {
      const err = await refusal(
        withPrincipal(ctx.db, owner, async (tx) => {
          const res = await tx.query(sql, params);
          if (res.rowCount === 0) throw new Error(`${constraint}: the write reached no row`);
        }),
      );
      outcomes[constraint] = `${err?.code} ${err?.constraint}`;
    }
    expect(outcomes).toEqual(Object.fromEntries(writes.map(([c]) => [c, `23514 ${c}`])));
    // Spaces, punctuation and any printable character are still names.
    await withPrincipal(ctx.db, owner, (tx) =>
      tx.query('update public.workspaces set name = $3 where org_id = $1 and id = $2', [
        A.id,
        A.workspace,
        'Zürich – café ~ 東京 🙂',
      ]),
    );
  });

  it('over HTTP, a control character that gets past the route reaches the constraint and is 422 naming the field', async () => {
    const ownerA = bearer(await userToken(A.users.owner.id, { email: A.users.owner.email }));
    const raw = await server.inject({
      method: 'POST',
      url: '/test/raw-rename',
      headers: ownerA,
      payload: { name: 'bad\u0007name' },
    });
    expect({ status: raw.statusCode, error: { ...json(raw).error, requestId: undefined } }).toEqual({
      status: 422,
      error: { code: 'PS422', field: 'name', message: `name: ${SINGLE_LINE}` },
    });
    // A real route whose schema does not check the field: a step type's category.
    const minted = await server.inject({
      method: 'POST',
      url: '/v1/admin/token',
      headers: bearer(await userToken(DEMO.platformAdmin.id, { email: DEMO.platformAdmin.email })),
    });
    const admin = bearer(json(minted).token);
    const res = await server.inject({
      method: 'PATCH',
      url: `/v1/admin/step-types/${DEMO.stepTypes.http}`,
      headers: admin,
      payload: { category: 'bad\u001b[31mcategory' },
    });
    expect({ status: res.statusCode, error: { ...json(res).error, requestId: undefined } }).toEqual({
      status: 422,
      error: { code: 'PS422', field: 'category', message: `category: ${SINGLE_LINE}` },
    });
    const { rows } = await ctx.db.query('select category from platform.step_types where id = $1', [
      DEMO.stepTypes.http,
    ]);
    expect(rows[0]).not.toEqual({ category: 'bad\u001b[31mcategory' });
  });
});
