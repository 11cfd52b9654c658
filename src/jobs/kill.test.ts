import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeEngines } from '../testing/engines.ts';
import { REPO_ROOT } from '../testing/files.ts';
import { openJobQueue, type RegisterOptions } from './queue.ts';

// Short expiry, so the killed attempt is given up in seconds; both processes register alike.
const CRASH: RegisterOptions = { expireSeconds: 2, retryLimit: 2, retryDelaySeconds: 1 };

const INSERT_EFFECT =
  'insert into public.crash_effects (org_id, job_key) values ($1, $2) on conflict do nothing returning 1';

/** The worker that gets killed: it commits the job's effect, then hangs before completing. */
const CHILD = `
import { openPostgres } from ${JSON.stringify(path.join(REPO_ROOT, 'src/db/postgres.ts'))};
import { openJobQueue } from ${JSON.stringify(path.join(REPO_ROOT, 'src/jobs/queue.ts'))};
const db = openPostgres({ url: process.env.JOBS_TEST_URL });
const q = openJobQueue(db, { pollIntervalMs: 50 });
q.register('crash', async (job, { asService }) => {
  await asService((tx) => tx.query(${JSON.stringify(INSERT_EFFECT)}, [job.orgId, job.id]));
  process.stdout.write('effect committed\\n');
  await new Promise(() => {});
}, ${JSON.stringify(CRASH)});
await q.start();
`;

describeEngines('job queue, a worker killed mid-job', (ctx) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'palisade-jobs-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(ctx.engine === 'pglite')(
    'the job is retried by another worker after expiry and its effect is recorded once (server only: PGlite is one process)',
    async () => {
      await ctx.db.exec(`
        create table public.crash_effects (org_id uuid not null, job_key text not null, primary key (org_id, job_key));
        alter table public.crash_effects enable row level security;
        create policy "The service writes crash effects" on public.crash_effects
          for all to service_role using (app.is_platform_service()) with check (app.is_platform_service());
        grant select, insert on public.crash_effects to service_role;`);
      const orgId = randomUUID();
      const runs: { attempt: number; inserted: boolean }[] = [];
      const q = openJobQueue(ctx.db, { pollIntervalMs: 50, maintenanceIntervalSeconds: 1 });
      q.register(
        'crash',
        async (job, { asService }) => {
          const { rows } = await asService((tx) => tx.query(INSERT_EFFECT, [job.orgId, job.id]));
          runs.push({ attempt: job.attempt, inserted: rows.length === 1 });
        },
        CRASH,
      );
      await q.start({ work: false });
      const id = await q.send('crash', { orgId, data: {} });

      const script = path.join(dir, 'worker.mts');
      writeFileSync(script, CHILD);
      child = spawn(process.execPath, ['--import', 'tsx', script], {
        cwd: REPO_ROOT,
        env: { ...process.env, JOBS_TEST_URL: ctx.url },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child!.stdout!.on('data', (b: Buffer) => b.toString().includes('effect committed') && resolve());
        child!.on('exit', (code) => reject(new Error(`worker exited early (${code})`)));
      });
      child.kill('SIGKILL');

      // A second worker (this process) takes the job over once the first attempt has expired.
      const worker = openJobQueue(ctx.db, { pollIntervalMs: 50, maintenanceIntervalSeconds: 1 });
      worker.register(
        'crash',
        async (job, c) => {
          const { rows } = await c.asService((tx) => tx.query(INSERT_EFFECT, [job.orgId, job.id]));
          runs.push({ attempt: job.attempt, inserted: rows.length === 1 });
        },
        CRASH,
      );
      await worker.start();
      try {
        await worker.idle({ timeoutMs: 20_000 });
      } finally {
        await worker.stop();
        await q.stop();
      }
      expect(runs).toEqual([{ attempt: 2, inserted: false }]);
      const { rows } = await ctx.db.query('select job_key from public.crash_effects where org_id = $1', [orgId]);
      expect(rows).toEqual([{ job_key: id }]);
      expect(await worker.deadLetters({ orgId })).toEqual([]);
    },
    30_000,
  );
});
