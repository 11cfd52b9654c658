import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../testing/engines.ts';
import type { DeadLetter, HandlerContext, Job, JobHandler, JobQueue, SendOptions } from './queue.ts';
import { openJobQueue } from './queue.ts';
import { asService } from './service.ts';
import { stopOnSignals } from './signals.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEngines('job queue', (ctx) => {
  let queue: JobQueue | undefined;
  const open = () => {
    queue = openJobQueue(ctx.db, { pollIntervalMs: 50, maintenanceIntervalSeconds: 1 });
    return queue;
  };
  afterEach(async () => {
    await queue?.stop({ graceful: false });
    queue = undefined;
  });

  beforeAll(async () => {
    // A tenant table a handler writes its effect to, keyed so that a second run finds it done.
    await ctx.db.exec(`
      create table public.job_effects (
        org_id uuid not null, job_key text not null, runs int not null default 1,
        primary key (org_id, job_key));
      alter table public.job_effects enable row level security;
      create policy "The service writes job effects" on public.job_effects
        for all to service_role using (app.is_platform_service()) with check (app.is_platform_service());
      grant select, insert on public.job_effects to service_role;`);
  });

  it('a handler runs as the service principal of the job organisation, under RLS, not as the owner', async () => {
    const q = open();
    const orgId = randomUUID();
    const seen: unknown[] = [];
    q.register('whoami', async (job, { asService }) => {
      seen.push(
        await asService(async (tx) => {
          const { rows } = await tx.query<{ who: string; org: string }>(
            "select current_user as who, app.jwt() ->> 'org_id' as org",
          );
          return { ...rows[0], data: job.data, attempt: job.attempt };
        }),
        await asService((tx) => tx.query('select 1 from pgboss.job')).then(
          () => 'allowed',
          (e: { code?: string }) => e.code,
        ),
      );
    });
    await q.start();
    await q.send('whoami', { orgId, data: { n: 1 } });
    await q.idle();
    expect(seen).toEqual([{ who: 'service_role', org: orgId, data: { n: 1 }, attempt: 1 }, '42501']);
  });

  it('the API roles have no privilege on the queue schema', async () => {
    const { rows } = await ctx.db.query<{ role: string; usage: boolean; any_table: boolean }>(
      `select r as role, has_schema_privilege(r, 'pgboss', 'usage') as usage,
              exists (select 1 from pg_class c where c.relnamespace = 'pgboss'::regnamespace
                       and has_table_privilege(r, c.oid, 'select,insert,update,delete')) as any_table
         from unnest(array['anon', 'authenticated']) r`,
    );
    expect(rows).toEqual([
      { role: 'anon', usage: false, any_table: false },
      { role: 'authenticated', usage: false, any_table: false },
    ]);
  });

  it('a job sent twice with one idempotency key is queued once, and the key is per organisation', async () => {
    const q = open();
    const runs: string[] = [];
    const handler: JobHandler<{ invoice: number }> = async (job: Job<{ invoice: number }>, _ctx: HandlerContext) => {
      runs.push(job.orgId);
    };
    q.register('invoice', handler);
    await q.start();
    const [a, b] = [randomUUID(), randomUUID()];
    const send: SendOptions<{ invoice: number }> = { orgId: a, data: { invoice: 42 }, idempotencyKey: 'inv-42' };
    const first = await q.send('invoice', send);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(await q.send('invoice', { orgId: a, data: {}, idempotencyKey: 'inv-42' })).toBeNull();
    expect(await q.send('invoice', { orgId: b, data: {}, idempotencyKey: 'inv-42' })).not.toBeNull();
    await q.idle();
    expect(await q.send('invoice', { orgId: a, data: {}, idempotencyKey: 'inv-42' })).toBeNull();
    expect(runs.sort()).toEqual([a, b].sort());
  });

  it('a failing job is retried with backoff and succeeds on a later attempt', async () => {
    const q = open();
    const attempts: { attempt: number; at: number }[] = [];
    q.register(
      'flaky',
      async (job) => {
        attempts.push({ attempt: job.attempt, at: Date.now() });
        if (job.attempt < 2) throw new Error('upstream timed out');
      },
      { retryLimit: 2, retryDelaySeconds: 1 },
    );
    await q.start();
    await q.send('flaky', { orgId: randomUUID(), data: {} });
    await q.idle();
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    // First retry: d·2^0 to d·2^1 seconds after the failure, d = 1.
    const wait = attempts[1]!.at - attempts[0]!.at;
    expect(wait).toBeGreaterThanOrEqual(900);
    expect(wait).toBeLessThan(3000);
    expect(await q.deadLetters({ name: 'flaky' })).toEqual([]);
  });

  it('a poisoned job is dead-lettered after its attempts with the reason and without its payload', async () => {
    const q = open();
    const orgId = randomUUID();
    let runs = 0;
    q.register(
      'poison',
      async () => {
        runs++;
        throw new Error(`cannot parse row ${runs}`);
      },
      { retryLimit: 1, retryDelaySeconds: 1 },
    );
    await q.start();
    const id = await q.send('poison', { orgId, data: { apiToken: 'sk_live_secret' } });
    await q.idle();
    expect(runs).toBe(2);
    const dead: DeadLetter[] = await q.deadLetters({ orgId });
    expect(dead).toEqual([
      { id, name: 'poison', orgId, attempts: 2, reason: 'cannot parse row 2', failedAt: expect.any(Date) },
    ]);
    expect(JSON.stringify(dead)).not.toContain('sk_live_secret');
    expect(await q.deadLetters({ orgId: randomUUID() })).toEqual([]);
  });

  it('one tenant flooding 50 jobs does not hold back another tenant past its limit', async () => {
    const q = open();
    const [a, b] = [randomUUID(), randomUUID()];
    const started: string[] = [];
    let activeA = 0;
    let maxActiveA = 0;
    q.register(
      'sync',
      async (job) => {
        started.push(job.orgId);
        if (job.orgId === a) activeA++;
        maxActiveA = Math.max(maxActiveA, activeA);
        await sleep(20);
        if (job.orgId === a) activeA--;
      },
      { concurrency: 3, perOrgConcurrency: 1 },
    );
    // Queued by another process before any worker runs, so A's backlog is whole when B's job arrives.
    const producer = openJobQueue(ctx.db);
    producer.register('sync', async () => {});
    await producer.start({ work: false });
    for (let i = 0; i < 50; i++) await producer.send('sync', { orgId: a, data: { i } });
    await producer.send('sync', { orgId: b, data: {} });
    await producer.stop();
    await q.start();
    await q.idle();
    expect(started).toHaveLength(51);
    expect(maxActiveA).toBe(1);
    // B's one job starts while A's backlog is still almost whole.
    expect(started.indexOf(b)).toBeLessThan(5);
  });

  it('a handler that records its effect by job key in its transaction does it once, however often it runs', async () => {
    const q = open();
    const orgId = randomUUID();
    let effects = 0;
    q.register(
      'charge',
      async (job, { asService }) => {
        await asService(async (tx) => {
          const { rows } = await tx.query(
            'insert into public.job_effects (org_id, job_key) values ($1, $2) on conflict do nothing returning 1',
            [job.orgId, job.id],
          );
          if (rows.length) effects++;
        });
        // Fails after the effect committed, as a worker killed before completing would.
        if (job.attempt === 1) throw new Error('lost before completion');
      },
      { retryLimit: 2, retryDelaySeconds: 1 },
    );
    await q.start();
    await q.send('charge', { orgId, data: {} });
    await q.idle();
    expect(effects).toBe(1);
    const rows = await asService(ctx.db, orgId, (tx) =>
      tx.query('select 1 from public.job_effects where org_id = $1', [orgId]),
    );
    expect(rows.rows).toHaveLength(1);
  });

  it('SIGTERM stops the queue gracefully: the running handler finishes, nothing new starts', async () => {
    const q = open();
    const orgId = randomUUID();
    const done: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    q.register(
      'slow',
      async (job) => {
        await gate;
        done.push((job.data as { i: number }).i);
      },
      { concurrency: 1 },
    );
    await q.start();
    await q.send('slow', { orgId, data: { i: 1 } });
    await q.send('slow', { orgId, data: { i: 2 } });
    while (!(await ctx.db.query("select 1 from pgboss.job where name = 'slow' and state = 'active'")).rows.length) {
      await sleep(20);
    }
    const stopped = new Promise<unknown>((resolve) => {
      const off = stopOnSignals(q, {
        signals: ['SIGTERM'],
        onStopped: (err) => {
          off();
          resolve(err);
        },
      });
    });
    process.emit('SIGTERM');
    release();
    expect(await stopped).toBeUndefined();
    expect(done).toEqual([1]);
  });
});
