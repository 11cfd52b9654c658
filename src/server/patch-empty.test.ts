import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { bearer, json, userToken, useServer } from './testing.ts';

/**
 * A PATCH must name at least one field: /openapi.json says `minProperties: 1` for every PATCH
 * body, and every PATCH route answers `{}` with the same 422, before looking anything up.
 */
interface Patch {
  security: object[];
  requestBody: { content: Record<string, { schema: { required?: string[] } }> };
}

describeEngines('PATCH with an empty body', (ctx) => {
  const server = useServer(ctx);
  const patches: { path: string; admin: boolean; required: string[] }[] = [];
  let user: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    const spec = json(await server.inject({ method: 'GET', url: '/openapi.json' }));
    for (const [path, item] of Object.entries(spec.paths as Record<string, { patch?: Patch }>)) {
      if (!item.patch) continue;
      const body = item.patch.requestBody.content['application/json']!.schema;
      patches.push({ path, admin: item.patch.security.some((s) => 'adminToken' in s), required: body.required ?? [] });
    }
    const person = await userToken(DEMO.platformAdmin.id, { email: DEMO.platformAdmin.email });
    user = bearer(person);
    const minted = await server.inject({ method: 'POST', url: '/v1/admin/token', headers: bearer(person) });
    expect(minted.statusCode, minted.body).toBe(201);
    admin = bearer(json(minted).token);
  });

  it('is refused with 422 on every PATCH route: "send at least one field to change", or the required field', async () => {
    expect(patches.length).toBeGreaterThan(10);
    expect(patches.filter((p) => p.required.length === 0).length).toBeGreaterThan(5);
    for (const { path, admin: needsAdmin, required } of patches) {
      const res = await server.inject({
        method: 'PATCH',
        url: path.replace(/\{\w+\}/g, () => randomUUID()),
        headers: needsAdmin ? admin : user,
        payload: {},
      });
      expect(res.statusCode, `${path}: ${res.body}`).toBe(422);
      // A body with a required field names that field; one of optional fields asks for any.
      expect(json(res).error, path).toMatchObject(
        required.length > 0
          ? { code: 'PS422', field: required[0] }
          : { code: 'PS422', message: 'the body: send at least one field to change' },
      );
    }
  });
});
