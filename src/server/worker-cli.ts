import type { Command } from 'commander';
import { action } from '../cli/util.ts';

const say = (line: string) => process.stderr.write(`${line}\n`);

export function register(program: Command) {
  program
    .command('worker')
    .description(
      'run the background workers: workflow steps, integration syncs and lead qualifications from the job queue, and the sweeps that time out late callbacks, queue runs nobody queued and queue due syncs',
    )
    .addHelpText(
      'after',
      `
The queue is pg-boss, in its own schema on the database DATABASE_URL names (the embedded database
when unset: then only one process may open it, so run the worker inside \`palisade serve\`, which
does by default). When DATABASE_URL is the login role, the queue's tables are kept through
PALISADE_MIGRATION_DATABASE_URL (the owner); step work always runs as each organisation's service role. Step callbacks go to PALISADE_PUBLIC_URL (default http://HOST:PORT): set it to
the URL step services reach the API at. Private addresses are refused unless
PALISADE_ALLOW_PRIVATE_EGRESS=1. SIGINT/SIGTERM stop gracefully: no new jobs, running ones finish.
docs/integration-architecture/custom-steps.md describes retries, dead letters and signing keys.

Exit codes: 0 stopped cleanly, 1 failed, 2 bad configuration.`,
    )
    .action(
      action(async () => {
        const [
          { engineConfig, readEnv },
          { openDatabase },
          { startWorkflowWorker, openOwnerQueueDb, QUEUE_HINT },
          { createLogger },
        ] = await Promise.all([
          import('../config/index.ts'),
          import('../db/open.ts'),
          import('../runtime/worker.ts'),
          import('./plugins/logging.ts'),
        ]);
        const env = readEnv();
        // The server's logger: the same redaction of credentials, tokens and secrets.
        const log = createLogger(env.PALISADE_LOG_LEVEL ?? 'info').child({ face: 'worker' });
        const publicUrl = env.PALISADE_PUBLIC_URL ?? `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? '4000'}`;
        const db = await openDatabase(engineConfig(env));
        const queueDb = await openOwnerQueueDb(env);
        try {
          const worker = await startWorkflowWorker(db, { publicUrl, log, ...(queueDb ? { queueDb } : {}) }).catch(
            (err: unknown) => {
              throw new Error(`the job queue did not start: ${(err as Error).message}. ${QUEUE_HINT}`);
            },
          );
          say(`Palisade worker running (${db.kind}: ${db.location}); step callbacks to ${publicUrl}/v1/step-callbacks`);
          return await new Promise<number>((resolve) => {
            const stop = (signal: string) => {
              say(`Received ${signal}: letting running jobs finish, then closing the database.`);
              process.once(signal as NodeJS.Signals, () => process.exit(1));
              worker
                .stop()
                .then(() => queueDb?.close())
                .then(() => db.close())
                .then(
                  () => resolve(0),
                  () => resolve(1),
                );
            };
            process.once('SIGINT', () => stop('SIGINT'));
            process.once('SIGTERM', () => stop('SIGTERM'));
          });
        } catch (err) {
          await queueDb?.close().catch(() => {});
          await db.close().catch(() => {});
          throw err;
        }
      }),
    );
}
