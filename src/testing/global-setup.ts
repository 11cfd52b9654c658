import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestProject } from 'vitest/node';
import { buildServerTemplate, buildTemplates, dropTemplates, type TemplateInfo } from './template.ts';

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
  // TEST_ENGINES=postgres: the server engine only (`npm run mutate` runs its database group there:
  // cloning a template database takes milliseconds on the server, a PGlite clone a second or two).
  const only = process.env.TEST_ENGINES?.trim() || undefined;
  if (only !== undefined && only !== 'postgres')
    throw new Error(`TEST_ENGINES: only "postgres" is known, not "${only}"`);
  if (only && !serverUrl) throw new Error('TEST_ENGINES=postgres needs TEST_DATABASE_URL');
  const started = Date.now();
  if (only && serverUrl) {
    info = { engines: ['postgres'], pgliteTarball: '', pgliteEmptyTarball: '', postgres: undefined };
    if (cacheDir) {
      info.postgres = await cachedServerTemplate(cacheDir, serverUrl);
      cached = true;
    } else info.postgres = await buildServerTemplate(serverUrl);
  } else if (cacheDir && !serverUrl) {
    info = await cachedTemplates(cacheDir);
    cached = true;
  } else info = await buildTemplates(serverUrl);
  console.log(
    `[palisade] engines: ${info.engines.join(' + ')}${serverUrl ? '' : ' (set TEST_DATABASE_URL to also run on a PostgreSQL server)'}; templates built in ${Date.now() - started} ms`,
  );
  project.provide('templates', info);
}

export async function teardown() {
  if (info && !cached) await dropTemplates(info);
}

async function cachedTemplates(dir: string): Promise<TemplateInfo> {
  const kept: TemplateInfo = {
    engines: ['pglite'],
    pgliteTarball: path.join(dir, 'template.tar'),
    pgliteEmptyTarball: path.join(dir, 'empty.tar'),
  };
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

/**
 * The server template, built by the first runner and named in `server.json` for the rest; a
 * lock directory (mkdir is atomic) makes runners that start together wait for it. Whoever set
 * TEST_TEMPLATE_CACHE drops it, and every database cloned from it, by its prefix.
 */
async function cachedServerTemplate(dir: string, serverUrl: string): Promise<NonNullable<TemplateInfo['postgres']>> {
  const file = path.join(dir, 'server.json');
  const lock = path.join(dir, 'server.lock');
  mkdirSync(dir, { recursive: true });
  for (let waited = 0; ; waited += 200) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) throw new Error(`no server template in ${file} after 2 minutes (remove ${lock})`);
      await sleep(200);
    }
  }
  try {
    const built = await buildServerTemplate(serverUrl);
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(built));
    renameSync(`${file}.${process.pid}`, file);
    return built;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
