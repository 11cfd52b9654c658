import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { buildServer } from '../server/app.ts';
import { testConfig, userToken } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { REPO_ROOT } from '../testing/files.ts';
import { createPalisadeClient, PalisadeApiError, unwrap } from './index.ts';

// The example of docs/server.md ("A generated client"), line for line (its import aside).
const EXAMPLE = /\/\/ docs example:begin\n([\s\S]*?)\n\s*\/\/ docs example:end/;

describeEngines('the shipped client over real HTTP', (ctx) => {
  let app: FastifyInstance;
  let baseUrl = '';
  let token = '';
  beforeAll(async () => {
    app = await buildServer({ db: ctx.db, config: testConfig() });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    token = await userToken(DEMO.loner.id, { email: DEMO.loner.email });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("runs docs/server.md's example as written, with the global fetch", async () => {
    // docs example:begin
    const api = createPalisadeClient({ baseUrl, token });
    const org = await unwrap(api.POST('/v1/orgs', { body: { name: 'Acme Research' } }));
    const { data, error } = await api.GET('/v1/orgs/{orgId}/workspaces', { params: { path: { orgId: org.id } } });
    if (error) throw new Error(`${error.error.code}: ${error.error.message}`);
    const names = data.data.map((w) => w.name); // ['Default']
    // docs example:end
    expect(org).toMatchObject({ name: 'Acme Research', my_role: 'owner' });
    expect(names).toEqual(['Default']);

    const strip = (code: string) =>
      code
        .split('\n')
        .map((l) => l.trim())
        .join('\n');
    const mine = EXAMPLE.exec(readFileSync(new URL(import.meta.url), 'utf8'))![1]!;
    const doc = readFileSync(path.join(REPO_ROOT, 'docs/server.md'), 'utf8');
    const block = /## A generated client[\s\S]*?```ts\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    expect(block).toContain("from 'palisade/client'");
    expect(strip(block.replace(/^import .*\n/, '')).trim()).toBe(strip(mine).trim());
  });

  it('unwrap throws the error body as a PalisadeApiError: status, registered code, field, request id', async () => {
    const api = createPalisadeClient({ baseUrl, token });
    const err = await unwrap(api.GET('/v1/orgs/{orgId}', { params: { path: { orgId: DEMO.orgs.a.id } } })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PalisadeApiError);
    expect(err).toMatchObject({ status: 404, code: 'PS404', requestId: expect.any(String) });
    const field = await unwrap(api.GET('/v1/orgs', { params: { query: { limit: 101 } } })).catch((e: unknown) => e);
    expect(field).toMatchObject({ status: 400, code: 'PS400', field: 'limit' });
  });

  it('sends no credential when given none, and refuses two at once', async () => {
    const anonymous = createPalisadeClient({ baseUrl });
    expect((await anonymous.GET('/v1/me')).response.status).toBe(401);
    expect((await anonymous.GET('/healthz')).data).toEqual({ status: 'ok' });
    expect(() => createPalisadeClient({ baseUrl, token, apiKey: 'pk_x' })).toThrow(/token or apiKey, not both/);
  });
});
