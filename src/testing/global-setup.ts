import type { TestProject } from 'vitest/node';
import { buildTemplates, dropTemplates, type TemplateInfo } from './template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templates: TemplateInfo;
  }
}

let info: TemplateInfo | undefined;

export async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
  const started = Date.now();
  info = await buildTemplates(serverUrl);
  console.log(
    `[palisade] engines: pglite${serverUrl ? ' + postgres server' : ' (set TEST_DATABASE_URL to also run on a PostgreSQL server)'}; templates built in ${Date.now() - started} ms`,
  );
  project.provide('templates', info);
}

export async function teardown() {
  if (info) await dropTemplates(info);
}
