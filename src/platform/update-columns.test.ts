import { expect, it } from 'vitest';
import { withPrincipal } from '../db/principal.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { type SourceFields, updateSource } from './queries/rules.ts';
import { updateStepType, updateVersion } from './queries/step-types.ts';
import { ADMIN, sql } from './testing.ts';

/**
 * The update queries name their columns; an object that carries more keys than its type (a body a
 * schema let through, a spread) cannot turn a key into SQL. Each key below would rewrite `name`
 * (or `version`) if it became a column name.
 */
describeEngines('platform updates take their column names from code', (ctx) => {
  const S = DEMO.stepTypes;

  it('a rule source update ignores a key that is not a column it names', async () => {
    const fields = { url: 'https://example.org/feed.xml', "name = 'pwned', key": 'pwned' } as SourceFields;
    await withPrincipal(ctx.db, ADMIN, (tx) => updateSource(tx, DEMO.ruleSource, fields));
    const [row] = await sql<{ name: string; url: string }>(
      ctx.db,
      ADMIN,
      'select name, url from platform.rule_sources where id = $1',
      [DEMO.ruleSource],
    );
    expect(row).toMatchObject({ url: 'https://example.org/feed.xml' });
    expect(row!.name).not.toBe('pwned');
  });

  it('a step type update and a draft version update ignore such keys too', async () => {
    const typeFields = { description: 'changed', "name = 'pwned', category": 'x' } as { description: string };
    await withPrincipal(ctx.db, ADMIN, (tx) => updateStepType(tx, S.http, typeFields));
    const versionFields = { output_schema: { type: 'object' }, "version = '6.6.6', input_schema": {} } as {
      output_schema: unknown;
    };
    await withPrincipal(ctx.db, ADMIN, (tx) => updateVersion(tx, S.httpV2Draft, versionFields));
    const [type] = await sql<{ name: string; description: string }>(
      ctx.db,
      ADMIN,
      'select name, description from platform.step_types where id = $1',
      [S.http],
    );
    expect(type).toMatchObject({ description: 'changed' });
    expect(type!.name).not.toBe('pwned');
    const [version] = await sql<{ version: string; output_schema: unknown }>(
      ctx.db,
      ADMIN,
      'select version, output_schema from platform.step_type_versions where id = $1',
      [S.httpV2Draft],
    );
    expect(version).toMatchObject({ output_schema: { type: 'object' } });
    expect(version!.version).not.toBe('6.6.6');
  });
});
