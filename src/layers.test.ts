import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { filesUnder, REPO_ROOT as ROOT } from './testing/files.ts';

/**
 * Kits below, modules above: src/db, src/http, src/net, src/config, src/errors and src/jobs (the
 * queue every domain's jobs run on) import only one another, and no source file takes part in an import cycle (type-only and dynamic imports
 * count, as `npx madge --circular --extensions ts src` counts them).
 */
const KITS = ['db', 'http', 'net', 'config', 'errors', 'jobs'];

const files = filesUnder('src', '.ts').filter((f) => !f.endsWith('.test.ts') && !f.startsWith('src/lint/fixtures/'));

const SPEC = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
const graph = new Map<string, string[]>(
  files.map((f) => [
    f,
    [...readFileSync(path.join(ROOT, f), 'utf8').matchAll(SPEC)].map((m) =>
      path.posix.normalize(path.posix.join(path.posix.dirname(f), m[1]!)),
    ),
  ]),
);
const moduleOf = (f: string) => f.split('/')[1]!;

it('kits import no module above them', () => {
  const wrong = [...graph].flatMap(([f, deps]) =>
    KITS.includes(moduleOf(f)) ? deps.filter((d) => !KITS.includes(moduleOf(d))).map((d) => `${f} -> ${d}`) : [],
  );
  expect(wrong).toEqual([]);
});

/**
 * The shipped client (`palisade/client`, src/client/ but its generator) imports only its own files
 * and openapi-fetch: an application takes it without the server, the database drivers or zod.
 */
it('the client imports nothing of the server', () => {
  // An import statement or call, not the word inside a string ("import" is a lead source).
  const PACKAGE = /(?:\bfrom\s*|(?<!['"\w])import\s*\(?\s*)['"]([^'".][^'"]*)['"]/g;
  const shipped = files.filter((f) => moduleOf(f) === 'client' && f !== 'src/client/generate.ts');
  const wrong = shipped.flatMap((f) => [
    ...graph
      .get(f)!
      .filter((d) => moduleOf(d) !== 'client')
      .map((d) => `${f} -> ${d}`),
    ...[...readFileSync(path.join(ROOT, f), 'utf8').matchAll(PACKAGE)]
      .map((m) => m[1]!)
      .filter((p) => p !== 'openapi-fetch')
      .map((p) => `${f} -> ${p}`),
  ]);
  expect(shipped).toContain('src/client/index.ts');
  expect(wrong).toEqual([]);
});

it('no import cycle', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].join(' > '));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  expect(cycles).toEqual([]);
});
