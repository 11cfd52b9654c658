import type { Authenticate } from '../auth/authenticate.ts';
import type { ServerConfig } from '../config/index.ts';
import type { PalisadeError } from '../errors/error.ts';
import type { SyncQueue } from '../integrations/sync/runner.ts';
import type { QualifyQueue } from '../revenue/qualify/job.ts';
import type { RunQueue } from '../runtime/routes.ts';
import type { KeyRing } from '../vault/keyring.ts';

// What the app shell adds to the HTTP kit's types (src/http/types.ts).
declare module '../http/types.ts' {
  interface PalisadeContext {
    config: ServerConfig;
    authenticate: Authenticate;
    /** The vault's keys when the shell was given them (tests); absent, routes load them from the environment. */
    vaultRing?: KeyRing;
    /** Where started and re-run workflow runs are queued; absent, the worker's sweeper finds them. */
    runQueue?: RunQueue;
    /** Where asked-for integration syncs are queued; absent, the worker's sweep finds their events. */
    syncQueue?: SyncQueue;
    /** Where lead qualifications are queued (mode queued, new leads); absent, only mode sync works. */
    qualifyQueue?: QualifyQueue;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** A credential that failed verification: raised after rate limiting has counted the attempt. */
    authError: PalisadeError | null;
  }
}
