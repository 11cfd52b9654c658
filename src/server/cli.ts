import type { Command } from 'commander';
import { action } from '../cli/util.ts';
import type { Database } from '../db/types.ts';

const say = (line = '') => process.stderr.write(`${line}\n`);

/** Who the server connects as, in one sentence, so nobody runs production as the owner by accident. */
async function describeConnection(db: Database, loginRole: string): Promise<string> {
  if (db.kind === 'pglite') {
    return 'Embedded engine: the owner role is used directly (each request still switches to anon/authenticated/platform_admin/service_role for its transaction). Set DATABASE_URL to use a PostgreSQL server.';
  }
  const { rows } = await db.query<{ who: string; owner: boolean }>(
    `select current_user as who, (select rolsuper or rolcreaterole from pg_roles where rolname = current_user)
       or exists (select 1 from pg_tables where tableowner = current_user and schemaname = 'public') as owner`,
  );
  const r = rows[0]!;
  return r.owner
    ? `Connected as "${r.who}", which owns the schema (or is a superuser): requests switch role per transaction, but a forgotten switch would act as the owner. In production connect as the "${loginRole}" login role (docs/server.md).`
    : `Connected as "${r.who}": requests switch to the API roles per transaction.`;
}

export function register(program: Command) {
  program
    .command('serve')
    .alias('start')
    .description(
      'run the HTTP API: applies migrations, seeds the demo on first start of an empty embedded database, listens on HOST:PORT',
    )
    .option('--no-migrate', 'do not apply pending migrations (readiness then reports them)')
    .option('--no-seed', 'do not seed the demo data into an empty embedded database')
    .option('--no-worker', 'do not run the background workers in this process (run `palisade worker` instead)')
    .addHelpText(
      'after',
      `
Configuration is read from the environment (docs/server.md lists every variable): HOST, PORT,
PALISADE_JWT_SECRET or PALISADE_JWKS_URL, PALISADE_ADMIN_JWT_SECRET, PALISADE_RATE_LIMIT, …
With DATABASE_URL unset the embedded database is used and development secrets are generated
into its data dir (mode 0600). With DATABASE_URL set, migrations run over
PALISADE_MIGRATION_DATABASE_URL when given (the owner), else over DATABASE_URL.
The workflow workers (\`palisade worker\`) run in-process unless --no-worker.
SIGINT/SIGTERM stop gracefully: in-flight requests and jobs finish, then the database closes.

Exit codes: 0 stopped cleanly, 1 failed to start or stopped with requests cut short, 2 bad configuration.`,
    )
    .action(
      action(async (opts: { migrate: boolean; seed: boolean; worker: boolean }) => {
        // The server, the database drivers and the seeds load here, so `palisade --help` does not load them.
        const [
          { startAnchorSchedule },
          { ensureDevSecret },
          { DEFAULT_LOGIN_ROLE, engineConfig, loadServerConfig, readEnv },
          { openDatabase },
          { openPostgres },
          { migrate },
          { seedDemo },
          { firstStartImage },
          { DEMO },
          { seedKeyedDemo },
          { vaultStartupWarning },
          { startServer },
          { startWorkflowWorker, openOwnerQueueDb, QUEUE_HINT },
        ] = await Promise.all([
          import('../audit/schedule.ts'),
          import('../auth/dev-secret.ts'),
          import('../config/index.ts'),
          import('../db/open.ts'),
          import('../db/postgres.ts'),
          import('../migrations/runner.ts'),
          import('../seed/demo.ts'),
          import('../seed/first-start.ts'),
          import('../seed/ids.ts'),
          import('../seed/keyed.ts'),
          import('../vault/keys.ts'),
          import('./serve.ts'),
          import('../runtime/worker.ts'),
        ]);
        const env = readEnv();
        const engine = engineConfig(env);
        const notes: string[] = [];
        // An empty embedded data dir about to be seeded starts as a copy of the first-start image
        // (migrated and seeded: src/seed/first-start.ts); only the keyed part of the seed remains.
        let fromImage = false;
        const image = firstStartImage((line) => notes.push(line));
        const db = await openDatabase(
          engine,
          opts.seed
            ? {
                firstStart: (dataDir: string) => {
                  fromImage = image(dataDir);
                  return fromImage;
                },
              }
            : {},
        );
        try {
          if (opts.migrate) {
            const ownerUrl = engine.kind === 'postgres' ? env.PALISADE_MIGRATION_DATABASE_URL : undefined;
            const owner = ownerUrl ? openPostgres({ url: ownerUrl, max: 1 }) : db;
            try {
              const applied = await migrate(owner, { loginRole: env.PALISADE_LOGIN_ROLE });
              if (applied.length) notes.push(`Applied ${applied.length} migration(s).`);
            } finally {
              if (owner !== db) await owner.close();
            }
          }
          const dev: { jwtSecret?: string; adminSecret?: string } = {};
          if (engine.kind === 'pglite') {
            if (opts.seed) {
              const empty = async () =>
                (await db.query<{ n: number }>('select count(*)::int as n from public.organisations')).rows[0]?.n === 0;
              if (fromImage || (await empty())) {
                if (!fromImage) await seedDemo(db);
                await seedKeyedDemo(db, engine, (line) => notes.push(line.trim()));
                notes.push('Seeded the demo data (first start of an empty embedded database).');
              }
            }
            if (!env.PALISADE_JWT_SECRET) {
              const s = ensureDevSecret(engine.dataDir, 'jwt');
              dev.jwtSecret = s.secret;
              notes.push(
                `${s.created ? 'Generated' : 'Using'} the development JWT secret ${s.file} (mode 0600); \`npx palisade token\` signs user tokens with it.`,
              );
            }
            if (!env.PALISADE_ADMIN_JWT_SECRET) dev.adminSecret = ensureDevSecret(engine.dataDir, 'admin').secret;
          }
          const { config, notes: configNotes } = loadServerConfig(env, dev);
          const vaultWarning = vaultStartupWarning(engine, env);
          if (vaultWarning) notes.push(`Warning: ${vaultWarning}`);
          if (config.corsOrigins.length)
            notes.push(`CORS: pages from ${config.corsOrigins.join(', ')} may call the API (PALISADE_CORS_ORIGINS).`);
          notes.push(await describeConnection(db, env.PALISADE_LOGIN_ROLE ?? DEFAULT_LOGIN_ROLE));
          const server = await startServer({ db, config });
          // Signed chain heads on an interval (PALISADE_AUDIT_ANCHOR_INTERVAL, default 1h), so a
          // truncated or rewritten audit tail is detectable; stopped before the database closes.
          const anchors = startAnchorSchedule(db, { logger: server.app.log });
          const base = server.url;
          // The workers share the server's database; started and re-run runs are queued at once.
          // A queue that cannot start (a login role may not create its tables) leaves the API up
          // and says why; runs then wait for a `palisade worker` that can.
          const queueDb = opts.worker ? await openOwnerQueueDb(env) : undefined;
          const worker = opts.worker
            ? await startWorkflowWorker(db, {
                publicUrl: env.PALISADE_PUBLIC_URL ?? base,
                log: server.app.log,
                ...(queueDb ? { queueDb } : {}),
              }).catch((err: unknown) => {
                notes.push(`Warning: workers not started: ${(err as Error).message}. ${QUEUE_HINT}`);
                return undefined;
              })
            : undefined;
          if (worker) {
            server.app.palisade.runQueue = worker.runner;
            server.app.palisade.syncQueue = worker.syncs;
            server.app.palisade.qualifyQueue = worker.qualify;
            notes.push(
              `Workers: in this process; step callbacks to ${env.PALISADE_PUBLIC_URL ?? base}/v1/step-callbacks.`,
            );
          } else if (!opts.worker) notes.push('Workers: not in this process (--no-worker): run `palisade worker`.');
          const banner = [
            `Palisade API listening on ${base}  (${db.kind}: ${db.location})`,
            ...[...notes, ...configNotes].map((n) => `  ${n}`),
          ];
          if (engine.kind === 'pglite') {
            banner.push(
              `  Demo organisations: ${DEMO.orgs.a.name} ${DEMO.orgs.a.id}, ${DEMO.orgs.b.name} ${DEMO.orgs.b.id}`,
              '  Try it (docs/server.md walks through more):',
              '    TOKEN=$(npx palisade token --email owner@acme.test)',
              `    curl -s -H "Authorization: Bearer $TOKEN" ${base}/v1/orgs`,
            );
          }
          // Last, so a script waiting for it knows the banner is complete.
          banner.push(
            `  Reference: ${base}/docs   OpenAPI: ${base}/openapi.json   Health: ${base}/healthz, ${base}/readyz`,
          );
          say(banner.join('\n'));
          return await new Promise<number>((resolve) => {
            const stop = (signal: string) => {
              say(
                `Received ${signal}: finishing in-flight requests (at most ${config.shutdownTimeoutMs / 1000}s), then closing the database.`,
              );
              process.once(signal as NodeJS.Signals, () => process.exit(1)); // a second signal means now
              (anchors?.stop() ?? Promise.resolve())
                .then(() => worker?.stop(config.shutdownTimeoutMs))
                .then(() => queueDb?.close())
                .then(() => server.stop())
                .then(
                  (clean) => resolve(clean ? 0 : 1),
                  () => resolve(1),
                );
            };
            process.once('SIGINT', () => stop('SIGINT'));
            process.once('SIGTERM', () => stop('SIGTERM'));
          });
        } catch (err) {
          await db.close().catch(() => {});
          throw err;
        }
      }),
    );
}
