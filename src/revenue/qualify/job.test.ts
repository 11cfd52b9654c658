import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JobQueue, openJobQueue } from '../../jobs/queue.ts';
import { DEMO } from '../../seed/ids.ts';
import { json, userToken, useServer } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { createQualificationRunner, enqueueQualification, type QualificationRunner } from './job.ts';
import { qualifierDeps } from './qualify.ts';
import { qualifyRoutes } from './routes.ts';
import { addLead, qualificationCount, setAiQualificationsUsed } from './testing/leads.ts';

const A = DEMO.orgs.a;

describeEngines('lead qualification on the job queue', (ctx) => {
  let queue: JobQueue;
  let runner: QualificationRunner;
  const warnings: string[] = [];
  const server = useServer(ctx, () => ({
    routes: [async () => ({ default: qualifyRoutes({ deps: qualifierDeps({ llm: null }), queue: () => runner }) })],
  }));
  beforeAll(async () => {
    queue = openJobQueue(ctx.db, { pollIntervalMs: 50 });
    runner = createQualificationRunner({
      queue,
      deps: qualifierDeps({ llm: null }),
      log: { warn: (o, m) => void warnings.push(`${m} ${JSON.stringify(o)}`) },
    });
    runner.start();
    await queue.start();
  }, 60_000);
  afterAll(() => queue?.stop({ timeoutMs: 5_000 }));

  const history = async (leadId: string) =>
    (
      await ctx.db.query<{ id: string; created_by: string | null; qualifier: string }>(
        'select id, created_by, qualifier from public.lead_qualifications where org_id = $1 and lead_id = $2',
        [A.id, leadId],
      )
    ).rows;

  it('mode queued answers 202 with the job id; the job records the qualification under that id, for who asked', async () => {
    const lead = await addLead(ctx.db, A.id, A.defaultWorkspace);
    const res = await server.inject({
      method: 'POST',
      url: `/v1/orgs/${A.id}/leads/${lead}/qualify`,
      headers: { authorization: `Bearer ${await userToken(A.users.member.id)}` },
      payload: { mode: 'queued' },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(json(res)).toMatchObject({ lead_id: lead, status: 'queued', job_id: expect.any(String) });
    await queue.idle({ timeoutMs: 30_000 });
    expect(await history(lead)).toEqual([{ id: json(res).job_id, created_by: A.users.member.id, qualifier: 'rules' }]);
    // A viewer is refused before anything is queued.
    const viewer = await server.inject({
      method: 'POST',
      url: `/v1/orgs/${A.id}/leads/${lead}/qualify`,
      headers: { authorization: `Bearer ${await userToken(A.users.viewer.id)}` },
      payload: { mode: 'queued' },
    });
    expect(viewer.statusCode).toBe(403);
  });

  it('a new lead is queued once however often it is announced, and skipped when its workspace turns auto_qualify off', async () => {
    server.app.palisade.qualifyQueue = runner;
    const lead = await addLead(ctx.db, A.id, A.defaultWorkspace);
    const job = await enqueueQualification(server.app, A.id, lead);
    expect(job).toEqual(expect.any(String));
    expect(await enqueueQualification(server.app, A.id, lead)).toBeNull();
    await queue.idle({ timeoutMs: 30_000 });
    expect(await history(lead)).toEqual([{ id: job, created_by: null, qualifier: 'rules' }]);

    await ctx.db.query(
      `insert into public.qualification_settings (org_id, workspace_id, auto_qualify) values ($1, $2, false)`,
      [A.id, A.workspace],
    );
    const quiet = await addLead(ctx.db, A.id, A.workspace);
    expect(await enqueueQualification(server.app, A.id, quiet)).toEqual(expect.any(String));
    await queue.idle({ timeoutMs: 30_000 });
    expect(await history(quiet)).toEqual([]);
    // Asked for explicitly, it is qualified all the same.
    await runner.queueQualification(A.id, quiet);
    await queue.idle({ timeoutMs: 30_000 });
    expect(await history(quiet)).toHaveLength(1);
  });

  it('what no retry fixes ends the job with a warning: the plan’s limit, an LLM nobody configured', async () => {
    const lead = await addLead(ctx.db, A.id, A.defaultWorkspace);
    await setAiQualificationsUsed(ctx.db, A.id, 'limit');
    const count = await qualificationCount(ctx.db, A.id);
    await runner.queueQualification(A.id, lead);
    await queue.idle({ timeoutMs: 30_000 });
    expect(await qualificationCount(ctx.db, A.id)).toBe(count);
    expect(warnings.at(-1)).toMatch(
      /^lead qualification not recorded: the plan's limit of \d+ ai qualifications a month is reached/,
    );
    await setAiQualificationsUsed(ctx.db, A.id, 0);

    await ctx.db.query(
      `update public.qualification_settings set qualifier = 'llm' where org_id = $1 and workspace_id = $2`,
      [A.id, A.workspace],
    );
    const llmLead = await addLead(ctx.db, A.id, A.workspace);
    await runner.queueQualification(A.id, llmLead);
    await queue.idle({ timeoutMs: 30_000 });
    expect(await history(llmLead)).toEqual([]);
    expect(warnings.at(-1)).toMatch(/no LLM qualifier is configured on this server/);
    expect(await queue.deadLetters({ orgId: A.id })).toEqual([]);
  });
});
