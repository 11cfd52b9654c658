import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Queryable } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';
import { palisade, useCliDatabase } from '../testing/cli.ts';
import { describeEngines } from '../testing/engines.ts';
import { parseAge, purgeLeads } from './purge.ts';
import { addLead } from './qualify/testing/leads.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
/** Each command is a process that opens the database: seconds each on a busy machine. */
const SLOW = 180_000;

const OLD = { email: 'old@lead.example', age: '100 days' };
const NEW = { email: 'new@lead.example', age: '10 days' };

async function qualifyAsOwner(db: Queryable, orgId: string, workspaceId: string, leadId: string) {
  await db.query(
    `insert into public.lead_qualifications (org_id, workspace_id, lead_id, qualifier, score, outcome, summary)
     values ($1, $2, $3, 'manual', 50, 'nurture', 'checked by hand')`,
    [orgId, workspaceId, leadId],
  );
}

const leadIds = async (db: Queryable, orgId: string) =>
  (await db.query<{ id: string }>('select id from public.leads where org_id = $1 order by id', [orgId])).rows.map(
    (r) => r.id,
  );

const purges = async (db: Queryable, orgId: string) =>
  (
    await db.query<{ actor_role: string; details: Record<string, unknown> }>(
      `select actor_role, details from public.admin_actions where org_id = $1 and action = 'leads.purge' order by seq`,
      [orgId],
    )
  ).rows;

describeEngines('palisade leads purge', (ctx) => {
  const cli = useCliDatabase(ctx);

  it(
    'refuses malformed flags and unknown organisations with exit 2 and a sentence, and explains itself in --help',
    async () => {
      const help = await palisade(['leads', 'purge', '--help'], cli.env);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--older-than <age>');
      expect(help.stdout).toContain('Exit codes: 0 done');
      for (const [args, says] of [
        [['--org', A.id, '--older-than', '90'], '--older-than must be a whole number of hours, days or weeks'],
        [['--org', A.id, '--older-than', '0d'], '(got "0d")'],
        [['--org', 'acme', '--older-than', '90d'], '--org must be an organisation id (a UUID).'],
        [['--org', A.id], "required option '--older-than <age>' not specified"],
        [['--org', randomUUID(), '--older-than', '90d'], 'no organisation has the id'],
        [['--org', A.id, '--older-than', '90d', '--workspace', B.workspace], 'the organisation has no workspace'],
      ] as const) {
        const run = await palisade(['leads', 'purge', ...args], cli.env);
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toContain(says);
      }
    },
    SLOW,
  );

  it(
    'a dry run counts and deletes nothing; the purge deletes older leads with their qualifications, recorded in the chain',
    async () => {
      const made = await cli.withDb(async (db) => {
        const old = [
          await addLead(db, A.id, A.defaultWorkspace, OLD),
          await addLead(db, A.id, A.defaultWorkspace, OLD),
          await addLead(db, A.id, A.defaultWorkspace, OLD),
        ];
        await qualifyAsOwner(db, A.id, A.defaultWorkspace, old[0]!);
        await qualifyAsOwner(db, A.id, A.defaultWorkspace, old[0]!);
        const oldElsewhere = await addLead(db, A.id, A.workspace, OLD);
        const kept = [await addLead(db, A.id, A.defaultWorkspace, NEW), await addLead(db, A.id, A.workspace, NEW)];
        const oldB = await addLead(db, B.id, B.defaultWorkspace, OLD);
        return { old, oldElsewhere, kept, oldB, before: await leadIds(db, A.id) };
      });
      const args = ['leads', 'purge', '--org', A.id, '--older-than', '90d'];

      const dry = await palisade([...args, '--dry-run'], cli.env);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(
        /^Dry run: 4 lead\(s\) and 2 qualification\(s\) created before \S+ in Acme Compliance/,
      );
      expect(dry.stdout).toContain('nothing was deleted');
      await cli.withDb(async (db) => {
        expect(await leadIds(db, A.id)).toEqual(made.before);
        expect(await purges(db, A.id)).toEqual([]);
      });

      const one = await palisade([...args, '--workspace', A.workspace, '--json'], cli.env);
      expect(one.code, one.stderr).toBe(0);
      expect(JSON.parse(one.stdout)).toMatchObject({ dryRun: false, leads: 1, qualifications: 0, batches: 1 });
      const all = await palisade(args, cli.env);
      expect(all.code, all.stderr).toBe(0);
      expect(all.stdout).toMatch(/^Deleted 3 lead\(s\) and 2 qualification\(s\) created before .* in 1 batch\(es\)/);

      await cli.withDb(async (db) => {
        const gone = new Set([...made.old, made.oldElsewhere]);
        expect(await leadIds(db, A.id)).toEqual(made.before.filter((id) => !gone.has(id)));
        expect(await leadIds(db, A.id)).toEqual(expect.arrayContaining(made.kept));
        expect(await leadIds(db, B.id)).toContain(made.oldB);
        const q = await db.query('select 1 from public.lead_qualifications where org_id = $1 and lead_id = $2', [
          A.id,
          made.old[0],
        ]);
        expect(q.rows).toHaveLength(0);
        expect(await purges(db, A.id)).toEqual([
          {
            actor_role: 'service_role',
            details: expect.objectContaining({
              older_than: '90d',
              workspace_id: A.workspace,
              leads: 1,
              qualifications: 0,
            }),
          },
          {
            actor_role: 'service_role',
            details: expect.objectContaining({
              older_than: '90d',
              workspace_id: null,
              leads: 3,
              qualifications: 2,
              batch: 1,
            }),
          },
        ]);
        // The row trigger's entry for each deleted lead and qualification (no contact fields).
        const rows = await db.query<{ action: string; target_id: string; old_data: Record<string, unknown> }>(
          `select action, target_id, old_data from public.audit_log
           where org_id = $1 and action in ('leads.delete', 'lead_qualifications.delete')`,
          [A.id],
        );
        expect(
          rows.rows
            .filter((r) => r.action === 'leads.delete')
            .map((r) => r.target_id)
            .sort(),
        ).toEqual([...made.old, made.oldElsewhere].sort());
        expect(rows.rows.filter((r) => r.action === 'lead_qualifications.delete')).toHaveLength(2);
        expect(JSON.stringify(rows.rows)).not.toContain('old@lead.example');
      });
    },
    SLOW,
  );

  it('deletes in batches, each recorded with its own counts', async () => {
    for (let i = 0; i < 5; i++) await addLead(ctx.db, B.id, B.workspace, OLD);
    const batches: number[] = [];
    const report = await purgeLeads(ctx.db, {
      orgId: B.id,
      workspaceId: B.workspace,
      olderThan: '12w',
      ageMs: parseAge('12w'),
      batchSize: 2,
      onBatch: (n) => batches.push(n),
    });
    expect(report).toMatchObject({ leads: 5, batches: 3, dryRun: false });
    expect(batches).toEqual([2, 2, 1]);
    const recorded = await purges(ctx.db, B.id);
    expect(recorded.map((r) => [r.details.batch, r.details.leads])).toEqual([
      [1, 2],
      [2, 2],
      [3, 1],
    ]);
    expect(new Set(recorded.map((r) => r.details.run_id)).size).toBe(1);
  });
});
