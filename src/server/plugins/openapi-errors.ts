import { ErrorBody } from '../../http/errors.ts';
import type { AuthLevel } from '../../http/types.ts';

/**
 * Which error statuses an operation can answer, derived from what the route declares (its auth
 * level, inputs, If-Match, method, rate limiting) so that no route documents them by hand and a
 * new route cannot forget them. A route adds the statuses only it raises (410 for an expired
 * invitation, say) as `response: { 410: ErrorBody }` in its schema.
 *
 * Each status becomes a shared response in components.responses with the Error schema and a
 * sentence saying when it happens; the statuses mirror src/http/error-map.ts and src/errors/codes.ts.
 */
export const ERROR_RESPONSES: Record<number, { name: string; description: string }> = {
  400: {
    name: 'BadRequest',
    description:
      'The request is malformed: a path or query parameter or a header (If-Match, cursor) is not valid, or the body is not valid JSON. `field` names the input.',
  },
  401: {
    name: 'Unauthorized',
    description:
      'No valid credential: none was sent, or the token or API key is malformed, expired, revoked or held back (PS424).',
  },
  402: {
    name: 'PaymentRequired',
    description:
      "The organisation's plan allows no more of a metric (PS402): `field` names it and `usage` gives the limit and, for a monthly one, when it resets (also in `Retry-After`). API requests count against every operation; leads, qualifications, members, workspaces and integrations against the writes that create them.",
  },
  403: {
    name: 'Forbidden',
    description:
      "The caller may see this but its role does not allow the operation, or the route needs another kind of credential. Another tenant's object is a 404, never a 403.",
  },
  404: {
    name: 'NotFound',
    description: 'The organisation or object does not exist or is not visible to the caller.',
  },
  409: {
    name: 'Conflict',
    description:
      'The current state forbids it (a name or slug taken, the last owner leaving, a published entry changed), or a concurrent change got in the way: retry.',
  },
  410: { name: 'Gone', description: 'The thing named has expired, been revoked or been deprecated.' },
  412: {
    name: 'PreconditionFailed',
    description: '`If-Match` names a version that is no longer current: read the resource again.',
  },
  413: { name: 'PayloadTooLarge', description: 'The request body is larger than the server accepts.' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not sent as `application/json`.' },
  422: {
    name: 'UnprocessableEntity',
    description:
      'A value is missing, malformed or out of range, or contains a NUL character: `field` names it (a JSON path for integration documents).',
  },
  429: { name: 'TooManyRequests', description: 'Too many requests: `Retry-After` says when to try again.' },
  500: {
    name: 'InternalError',
    description: 'An unexpected failure, logged with the request id; no detail reaches the client.',
  },
  502: {
    name: 'BadGateway',
    description:
      'An external service the operation relies on failed or answered with something unusable; nothing was recorded.',
  },
  503: {
    name: 'ServiceUnavailable',
    description: 'The database or the vault is unavailable, or the server is shutting down: try again shortly.',
  },
};

export interface RouteShape {
  method: string;
  auth: AuthLevel;
  rateLimited: boolean;
  hasParams: boolean;
  hasQuery: boolean;
  hasBody: boolean;
  hasIfMatch: boolean;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The error statuses an operation of this shape can produce (route-specific ones come on top). */
function errorStatuses(r: RouteShape): number[] {
  const inputs = r.hasParams || r.hasQuery;
  const statuses = [400, 500];
  if (r.auth !== 'public') statuses.push(401, 402, 403, 503);
  if (r.hasParams) statuses.push(404);
  if (WRITES.has(r.method) && r.auth !== 'public') statuses.push(409);
  if (r.hasIfMatch) statuses.push(412);
  if (r.hasBody) statuses.push(413, 415);
  // Body validation is a 422; so is a NUL character in any parameter (src/http/inputs.ts).
  if (r.hasBody || inputs) statuses.push(422);
  if (r.rateLimited) statuses.push(429);
  return statuses.sort((a, b) => a - b);
}

/** Response schemas for a route: the derived error statuses, each the Error body. */
export function errorResponseSchemas(r: RouteShape): Record<number, typeof ErrorBody> {
  return Object.fromEntries(errorStatuses(r).map((s) => [s, ErrorBody]));
}

/** components.responses: one shared response per error status. */
export function errorResponseComponents() {
  return Object.fromEntries(
    Object.values(ERROR_RESPONSES).map(({ name, description }) => [
      name,
      { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    ]),
  );
}
