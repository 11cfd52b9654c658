import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { SCHEMA_DOC } from '../cli/schema.ts';
import { describeEngines } from '../testing/engines.ts';
import { dumpSchema, dumpSchemaIn } from './schema-dump.ts';

/**
 * docs/schema.sql is the catalog of a migrated database. The embedded engine (PostgreSQL 18 in
 * PGlite) must produce it exactly; a PostgreSQL 15 server deparses view bodies with table-qualified
 * columns, so there the view bodies are left out of the comparison and everything else must match.
 */
const withoutViewBodies = (text: string) => text.replace(/^(create view [^\n]+ as)\n[\s\S]*?;$/gm, '$1 …;');

describeEngines('docs/schema.sql', (ctx) => {
  it('is the schema the migrations make (run `npx palisade schema --write` after changing SQL)', async () => {
    const doc = readFileSync(SCHEMA_DOC, 'utf8');
    const dumped = await dumpSchema(ctx.db);
    if (ctx.engine === 'pglite') {
      expect(dumped).toBe(doc);
    } else {
      expect(withoutViewBodies(dumped)).toBe(withoutViewBodies(doc));
    }
  }, 120_000);

  it('notices a change: one policy expression, one grant and one function body each make it stale', async () => {
    const before = await dumpSchema(ctx.db);
    const rolledBack = new Error('rolled back on purpose');
    const after = await ctx.db
      .transaction(async (tx) => {
        await tx.exec(`
          alter policy "Members see their organisations' workspaces" on public.workspaces using (false);
          grant select on public.organisation_members to anon;
          create or replace function app.require_user() returns uuid language sql stable as $$ select null::uuid $$;`);
        const text = await dumpSchemaIn(tx);
        throw Object.assign(rolledBack, { text });
      })
      .catch((e: Error & { text?: string }) => {
        if (e !== rolledBack) throw e;
        return e.text!;
      });
    expect(after).not.toBe(before);
    expect(after).toContain(
      `create policy "Members see their organisations' workspaces" on public.workspaces for select to authenticated\n  using (false);`,
    );
    expect(after).toContain('grant select on table public.organisation_members to anon;');
    expect(after).toMatch(/FUNCTION app\.require_user\(\)[\s\S]*select null::uuid/);
    expect(await dumpSchema(ctx.db)).toBe(before);
  }, 120_000);
});
