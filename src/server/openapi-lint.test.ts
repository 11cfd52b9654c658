import * as fs from 'node:fs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Document, Spectral } from '@stoplight/spectral-core';
import Parsers from '@stoplight/spectral-parsers';
import { bundleAndLoadRuleset } from '@stoplight/spectral-ruleset-bundler/with-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FreshDatabase, freshDatabase } from '../testing/engines.ts';
import { REPO_ROOT } from '../testing/files.ts';
import { buildServer } from './app.ts';
import { TAGS } from './plugins/openapi.ts';
import { testConfig } from './testing.ts';

/**
 * /openapi.json as a generator or a linter sees it: both third-party linters with their
 * recommended rules (the repository's redocly.yaml and .spectral.yaml, where any rule turned off
 * says why), then what they do not check: operation ids, tags, error responses, 204s, PATCH bodies.
 * The document does not depend on the database engine, so this runs on PGlite only.
 */
type Operation = {
  operationId?: string;
  tags?: string[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { $ref?: string; content?: unknown; description?: string }>;
};

describe('/openapi.json', () => {
  let source = '';
  let fresh: FreshDatabase | undefined;
  const ops: { key: string; method: string; op: Operation }[] = [];

  beforeAll(async () => {
    fresh = await freshDatabase('pglite');
    const app = await buildServer({ db: fresh.db, config: testConfig() });
    // As a deployed server answers it: the document names the host it was fetched from.
    const res = await app.inject({ method: 'GET', url: '/openapi.json', headers: { host: 'api.palisade.test' } });
    await app.close();
    expect(res.statusCode).toBe(200);
    source = res.body;
    const doc = JSON.parse(source) as { paths: Record<string, Record<string, Operation>> };
    for (const [p, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item)) ops.push({ key: `${method.toUpperCase()} ${p}`, method, op });
  });
  afterAll(async () => {
    await fresh?.close();
  });

  it('passes Redocly with the recommended rules: no error, no warning', async () => {
    const configPath = path.join(REPO_ROOT, 'redocly.yaml');
    const config = await createConfig(readFileSync(configPath, 'utf8'), { configPath });
    const problems = await lintFromString({ source, absoluteRef: path.join(REPO_ROOT, 'openapi.json'), config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it('passes Spectral with spectral:oas: no error, no warning', async () => {
    const ruleset = await bundleAndLoadRuleset(path.join(REPO_ROOT, '.spectral.yaml'), {
      fs,
      fetch: globalThis.fetch as never,
    });
    const spectral = new Spectral();
    spectral.setRuleset(ruleset);
    const results = await spectral.run(new Document(source, Parsers.Json, 'openapi.json'));
    expect(results.map((r) => `${r.code}: ${r.message} at ${r.path.join('.')}`)).toEqual([]);
  });

  it('gives every operation a unique camelCase verbNoun operationId and declared tags', () => {
    expect(ops.length).toBeGreaterThan(100);
    const ids = ops.map((o) => o.op.operationId);
    expect(ops.filter((o) => !/^[a-z]+[A-Z][A-Za-z]*$/.test(o.op.operationId ?? '')).map((o) => o.key)).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const declared = TAGS.map((t) => t.name);
    expect(
      ops.filter((o) => !o.op.tags?.length || o.op.tags.some((t) => !declared.includes(t))).map((o) => o.key),
    ).toEqual([]);
  });

  it('documents each error status with the shared Error response, 204s without a body', () => {
    for (const { key, op } of ops) {
      const statuses = Object.keys(op.responses);
      expect(
        statuses.filter((s) => !/^\d{3}$/.test(s)),
        key,
      ).toEqual([]);
      for (const s of statuses.filter((s) => Number(s) >= 400 && key !== 'GET /readyz'))
        expect(op.responses[s]!.$ref, `${key} ${s}`).toMatch(/^#\/components\/responses\/[A-Z]/);
      expect(statuses, key).toContain('500');
      if (op.responses['204']) expect(op.responses['204'].content, key).toBeUndefined();
    }
    const patch = ops.find((o) => o.key === 'PATCH /v1/orgs/{orgId}/workspaces/{workspaceId}')!.op;
    expect(Object.keys(patch.responses)).toEqual([
      '200',
      '400',
      '401',
      '402',
      '403',
      '404',
      '409',
      '412',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
    ]);
  });

  it('has every PATCH body ask for at least one property (the server refuses {} alike)', () => {
    const patches = ops.filter((o) => o.method === 'patch');
    expect(patches.length).toBeGreaterThan(10);
    for (const { key, op } of patches)
      expect(op.requestBody?.content['application/json']?.schema.minProperties, key).toBe(1);
  });
});
