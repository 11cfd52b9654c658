import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildTemplates, dropTemplates, type TemplateInfo } from './template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templates: TemplateInfo;
  }
}

let info: TemplateInfo | undefined;
let cached = false;

export async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
  // `npm run mutate` starts Vitest many times (each test runner, and again after a timeout): it
  // names a folder where the PGlite templates are built once and then reused.
  const cacheDir = process.env.TEST_TEMPLATE_CACHE?.trim() || undefined;
  const started = Date.now();
  if (cacheDir && !serverUrl) {
    info = await cachedTemplates(cacheDir);
    cached = true;
  } else info = await buildTemplates(serverUrl);
  console.log(
    `[palisade] engines: pglite${serverUrl ? ' + postgres server' : ' (set TEST_DATABASE_URL to also run on a PostgreSQL server)'}; templates built in ${Date.now() - started} ms`,
  );
  project.provide('templates', info);
}

export async function teardown() {
  if (info && !cached) await dropTemplates(info);
}

async function cachedTemplates(dir: string): Promise<TemplateInfo> {
  const kept = { pgliteTarball: path.join(dir, 'template.tar'), pgliteEmptyTarball: path.join(dir, 'empty.tar') };
  if (existsSync(kept.pgliteTarball) && existsSync(kept.pgliteEmptyTarball)) return kept;
  const built = await buildTemplates(undefined);
  mkdirSync(dir, { recursive: true });
  // Copy then rename: a runner starting at the same time never reads half a file.
  for (const [from, to] of [
    [built.pgliteEmptyTarball, kept.pgliteEmptyTarball],
    [built.pgliteTarball, kept.pgliteTarball],
  ] as const) {
    copyFileSync(from, `${to}.${process.pid}`);
    renameSync(`${to}.${process.pid}`, to);
  }
  await dropTemplates(built);
  return kept;
}
