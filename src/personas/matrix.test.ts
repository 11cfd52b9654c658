import { afterAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { checkEntry, newTally } from './check.ts';
import { matrixDocs, staleMatrixDocs } from './docs.ts';
import { MATRIX } from './matrix.ts';
import { PERSONA_IDS, PERSONAS } from './personas.ts';

describeEngines('persona matrix', (ctx) => {
  const tally = newTally();
  it('covers every table and view in the public and platform schemas, and nothing that does not exist', async () => {
    const { rows } = await ctx.db.query<{ name: string }>(
      `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname in ('public', 'platform') and c.relkind in ('r', 'p', 'v', 'm') order by 1`,
    );
    expect(MATRIX.map((e) => e.table).sort()).toEqual(rows.map((r) => r.name));
  });

  it("probes the deleted organisation's personas against real rows: D is deleted and holds every row their writes aim at", async () => {
    const D = DEMO.deletedOrg;
    const { rows } = await ctx.db.query<{ deleted: boolean }>(
      'select deleted_at is not null as deleted from public.organisations where id = $1',
      [D.id],
    );
    expect(rows).toEqual([{ deleted: true }]);
    const missing: string[] = [];
    for (const e of MATRIX.filter((m) => m.tenancy === 'tenant' || m.tenancy === 'organisation')) {
      const target = e.probes.target!(D, PERSONAS.member_deleted);
      const found = await ctx.db.query(`select 1 from ${e.table} where ${target.sql}`, target.params);
      if (!found.rows.length) missing.push(e.table);
    }
    expect(missing).toEqual([]);
  });

  for (const entry of MATRIX) {
    it(`${entry.table}: every persona gets exactly what the matrix says`, async () => {
      expect(await checkEntry(ctx.db, entry, tally)).toEqual([]);
    });
  }

  afterAll(() => {
    console.log(
      `[persona matrix ${ctx.engine}] ${MATRIX.length} tables and views × ${PERSONA_IDS.length} personas × 4 operations: ` +
        `${tally.checks} checks and ${tally.crossChecks} cross-tenant checks: ${tally.failed ? `${tally.failed} FAILED` : 'all as written'}; ` +
        `writes refused with 42501: ${tally.refusals.permissionDenied}, changing no row: ${tally.refusals.noRows}, ` +
        `by a registered code: ${tally.refusals.registered}`,
    );
  });
});

describe('persona matrix data', () => {
  it('is embedded, current, in the docs (run `npx palisade matrix --write` after changing it)', () => {
    expect(matrixDocs().length).toBeGreaterThan(0);
    expect(staleMatrixDocs()).toEqual([]);
  });

  it('states an outcome for every persona and operation of every entry', () => {
    for (const e of MATRIX) {
      for (const op of ['select', 'insert', 'update', 'delete'] as const) {
        expect(Object.keys(e[op]).sort(), `${e.table} ${op}`).toEqual([...PERSONA_IDS].sort());
      }
    }
  });
});
