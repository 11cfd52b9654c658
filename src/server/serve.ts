import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config/index.ts';
import type { Database } from '../db/types.ts';
import { type BuildServerOptions, buildServer } from './app.ts';

export interface RunningServer {
  app: FastifyInstance;
  /** http://host:port as actually bound (port 0 picks a free one). */
  url: string;
  /**
   * Graceful stop: stop accepting connections, let in-flight requests finish (new requests on
   * kept-alive connections get 503), then close the database. Resolves false when in-flight
   * requests outlived the timeout and the database was closed regardless.
   */
  stop(): Promise<boolean>;
}

export async function startServer(opts: {
  db: Database;
  config: ServerConfig;
  logger?: Logger;
  routes?: BuildServerOptions['routes'];
}): Promise<RunningServer> {
  const app = await buildServer(opts);
  await app.listen({ host: opts.config.host, port: opts.config.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.config.port;
  const host = opts.config.host.includes(':') ? `[${opts.config.host}]` : opts.config.host;
  let stopping: Promise<boolean> | undefined;
  return {
    app,
    url: `http://${host}:${port}`,
    stop() {
      stopping ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), opts.config.shutdownTimeoutMs);
        });
        const closed = app.close().then(() => true as const);
        // Connections that go idle after the close began (keep-alive) are closed as they do.
        const sweeper = setInterval(() => app.server.closeIdleConnections(), 100);
        const clean = await Promise.race([closed, timedOut]);
        clearTimeout(timer);
        clearInterval(sweeper);
        if (!clean) {
          app.log.warn('shutdown: requests still running after the timeout; closing connections');
          app.server.closeAllConnections();
        }
        await opts.db.close();
        return clean;
      })();
      return stopping;
    },
  };
}
