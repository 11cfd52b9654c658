import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/** Response headers a browser app needs to read: concurrency, tracing, new resources, rate limits. */
const CORS_EXPOSED_HEADERS = [
  'etag',
  'location',
  'x-request-id',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'www-authenticate',
];

/** Request headers a browser app may send: its credential, JSON bodies, If-Match, its own trace id. */
const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'if-match', 'x-api-key', 'x-request-id'];

/**
 * Cross-origin browser access for the origins in PALISADE_CORS_ORIGINS; not registered at all when
 * there are none, so the server then sends no CORS headers and answers no preflight.
 *
 * Registered before authentication and rate limiting on purpose: a browser's preflight carries no
 * credential, so it must be answered before the auth hook would refuse it, and it is answered from
 * memory (no database, no token check), so it is not counted against anyone's rate limit. The real
 * request that follows is authenticated and counted as usual, and its errors (401, 429, …) carry
 * the CORS headers so the page can read why it failed.
 *
 * No `credentials`: Palisade takes its credential from the Authorization or x-api-key header that
 * the page's script sets, never from cookies, so the browser need not attach ambient credentials
 * and a cookie some proxy or sibling app sets on the API's host is never usable cross-origin.
 */
export async function registerCors(app: FastifyInstance, origins: string[]) {
  if (origins.length === 0) return;
  await app.register(cors, {
    origin: origins,
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    // Browsers cache a preflight at most this long (Chromium caps it at 2 hours).
    maxAge: 600,
    // An OPTIONS without Origin is not a preflight; answering it 204 like one reveals nothing, and
    // the alternative (the plugin's text/plain 400) would break the API's single error shape.
    strictPreflight: false,
  });
}
