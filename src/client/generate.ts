import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openPglite } from '../db/pglite.ts';
import { buildServer } from '../server/app.ts';

/**
 * src/client/openapi.ts is generated from the server's own /openapi.json by openapi-typescript,
 * and refreshed with `npm run client:generate` (`npx tsx src/client/generate.ts --write`);
 * src/client/generate.test.ts fails when the committed file is stale. This file is a development
 * tool: it builds the server, so it is not part of the shipped client (src/layers.test.ts).
 */
export const TYPES_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'openapi.ts');
export const GENERATE_COMMAND = 'npm run client:generate';

const HEADER = `/**
 * The Palisade HTTP API as TypeScript types, generated from GET /openapi.json by openapi-typescript.
 * Do not edit: run \`${GENERATE_COMMAND}\` after changing a route's schema.
 */

`;

/**
 * openapi-typescript builds its output with the TypeScript 5 compiler API, which TypeScript 7 (the
 * project's type checker, a native binary) no longer ships. The package `typescript-5` is
 * TypeScript 5 under another name; this hook hands it to openapi-typescript alone when it asks for
 * `typescript` (npm cannot nest a peer dependency that conflicts with the root's own).
 */
const TS5_HOOK = `export async function resolve(specifier, context, next) {
  if (specifier === 'typescript' && context.parentURL?.includes('/node_modules/openapi-typescript/'))
    return next('typescript-5', context);
  return next(specifier, context);
}`;
let hooked = false;

/** The server's OpenAPI document: built on an empty in-memory PGlite (routes only, no queries). */
export async function currentSpec(): Promise<unknown> {
  const db = await openPglite({});
  try {
    const app = await buildServer({
      db,
      logger: undefined,
      config: {
        host: '127.0.0.1',
        port: 0,
        // Never used: the document is read, no request is served.
        auth: {
          jwtSecret: 'client-generate-unused-secret-0123456789abcdef',
          clockSkewSeconds: 30,
          adminSecret: 'client-generate-unused-admin-0123456789abcdef',
          adminTokenTtlSeconds: 900,
          maxTokenBytes: 8192,
        },
        rateLimit: { max: 1000, timeWindowMs: 60_000 },
        bodyLimit: 256 * 1024,
        trustProxy: false,
        logLevel: 'silent',
        shutdownTimeoutMs: 1_000,
        corsOrigins: [],
      },
    });
    try {
      await app.ready();
      // A deep copy: openapi-typescript must not hold (or change) the server's live document.
      return JSON.parse(JSON.stringify(app.swagger()));
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
  }
}

/** The text of openapi.d.ts for the current routes; the same spec always gives the same text. */
export async function renderTypes(spec?: unknown): Promise<string> {
  if (!hooked) {
    register(`data:text/javascript,${encodeURIComponent(TS5_HOOK)}`);
    hooked = true;
  }
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS((spec ?? (await currentSpec())) as never, { silent: true });
  return HEADER + astToString(ast);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const write = process.argv.includes('--write');
  if (!write && !process.argv.includes('--check')) {
    console.error(`usage: npx tsx src/client/generate.ts --write | --check`);
    process.exit(2);
  }
  const fresh = await renderTypes();
  const old = (() => {
    try {
      return readFileSync(TYPES_FILE, 'utf8');
    } catch {
      return '';
    }
  })();
  if (write) {
    if (fresh !== old) writeFileSync(TYPES_FILE, fresh);
    console.log(`src/client/openapi.ts ${fresh === old ? 'already current' : 'updated'}.`);
  } else if (fresh !== old) {
    console.error(`src/client/openapi.ts is stale: run \`${GENERATE_COMMAND}\`.`);
    process.exit(1);
  } else console.log('src/client/openapi.ts is current.');
}
