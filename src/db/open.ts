import type { EngineConfig } from '../config/index.ts';
import { openPglite, type PgliteOptions } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Database } from './types.ts';

export interface OpenOptions {
  /** The embedded engine's image for a new data dir (PgliteOptions.firstStart). */
  firstStart?: PgliteOptions['firstStart'];
}

export async function openDatabase(cfg: EngineConfig, opts: OpenOptions = {}): Promise<Database> {
  if (cfg.kind === 'postgres') {
    const db = openPostgres({ url: cfg.url });
    await db.query('select 1'); // fail now, with the driver's sentence, rather than on first request
    return db;
  }
  return openPglite({ dataDir: cfg.dataDir, firstStart: opts.firstStart });
}
