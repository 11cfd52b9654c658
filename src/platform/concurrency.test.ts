import { expect, it } from 'vitest';
import { claimsStatementFor } from '../db/principal.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { ADMIN, SERVICE, sql } from './testing.ts';

/** Real concurrency needs real connections: these run on the PostgreSQL server only. */
describeEngines('registry workflow under concurrency', (ctx) => {
  it.skipIf(ctx.engine !== 'postgres')(
    'two watchers claiming at the same moment never get the same source (server engine only: PGlite has one connection)',
    async () => {
      const values = Array.from(
        { length: 20 },
        (_, i) => `('race-${i}', 'Race ${i}', 'https://example.org/${i}')`,
      ).join(', ');
      await sql(ctx.db, ADMIN, 'update platform.rule_sources set enabled = false');
      await sql(ctx.db, ADMIN, `insert into platform.rule_sources (key, name, url) values ${values}`);
      // Each claimer holds its transaction open until both have claimed.
      let release!: () => void;
      const bothClaimed = new Promise<void>((resolve) => (release = resolve));
      let claimedOnce = 0;
      const claimer = () =>
        ctx.db.transaction(
          async (tx) => {
            const { rows } = await tx.query<{ key: string }>('select key from platform.claim_due_rule_sources(15)');
            if (++claimedOnce === 2) release();
            await bothClaimed;
            return rows.map((r) => r.key);
          },
          [claimsStatementFor(SERVICE)],
        );
      const [a, b] = await Promise.all([claimer(), claimer()]);
      expect(a.filter((k) => b.includes(k))).toEqual([]);
      expect(a.length + b.length).toBe(20);
    },
  );

  it.skipIf(ctx.engine !== 'postgres')(
    'two admins deciding one proposal at once: exactly one decision is recorded (server engine only: PGlite has one connection)',
    async () => {
      const decide = (approve: boolean) =>
        sql(ctx.db, ADMIN, 'select status from platform.decide_rule_pack_proposal($1, $2)', [
          DEMO.proposal,
          approve,
        ]).then(
          (r) => `ok:${(r[0] as { status: string }).status}`,
          (e: { code?: string }) => `refused:${e.code}`,
        );
      const outcomes = (await Promise.all([decide(true), decide(false)])).sort();
      expect(outcomes.filter((o) => o.startsWith('ok:'))).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'refused:PS409')).toHaveLength(1);
    },
  );
});
