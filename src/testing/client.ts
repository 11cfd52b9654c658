import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { createPalisadeClient, type PalisadeClient, type PalisadeClientOptions } from '../client/index.ts';
import type { TestServer } from '../server/testing.ts';

/**
 * The shipped typed client (src/client) driving a test server through Fastify's inject, no port:
 * the API tests call the API as applications do, so a route whose schema drifts from what the
 * tests send or read fails `tsc`, not only at run time.
 */
function injectFetch(server: Pick<TestServer, 'inject'>): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const body = request.body ? await request.text() : undefined;
    const res = await server.inject({
      method: request.method as InjectOptions['method'],
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      ...(body !== undefined ? { payload: body } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers))
      for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) headers.append(name, String(v));
    // A Response with status 204 (or 304) may carry no body at all, not even an empty one.
    const empty = res.statusCode === 204 || res.statusCode === 304;
    return new Response(empty ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers });
  };
}

/** A typed client for one caller on a test server: `testClient(server, { token })`. */
export function testClient(
  server: Pick<TestServer, 'inject'>,
  auth: Pick<PalisadeClientOptions, 'token' | 'apiKey'> = {},
): PalisadeClient {
  return createPalisadeClient({ baseUrl: 'http://palisade.test', fetch: injectFetch(server), ...auth });
}

/**
 * Asserts the status (showing the error body when it differs) and returns the typed data:
 * `const org = ok(await api.POST('/v1/orgs', { body: { name } }), 201)`.
 */
export function ok<D>(res: { data?: D; error?: unknown; response: Response }, status = 200): NonNullable<D> {
  expect(res.response.status, JSON.stringify(res.error ?? null)).toBe(status);
  return res.data as NonNullable<D>;
}
