import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi.ts';

/**
 * The typed Palisade client (`palisade/client`): openapi-fetch typed by the paths generated from
 * the server's own /openapi.json (src/client/openapi.ts), so a call the API does not accept, or a
 * response field it does not send, is a type error in the application. Shippable alone: it imports
 * nothing from the server (src/layers.test.ts).
 */
export type { $defs, components, operations, paths, webhooks } from './openapi.ts';

export type PalisadeClient = Client<paths>;
/** The body of every 4xx/5xx answer. */
export type ErrorBody = components['schemas']['Error'];

export interface PalisadeClientOptions {
  /** Where the API is, e.g. `https://api.example.com` (no trailing /v1). */
  baseUrl: string;
  /** A user token, an admin token or an API key, sent as `Authorization: Bearer …`. */
  token?: string;
  /** An organisation API key (pk_…), sent as `X-API-Key`. */
  apiKey?: string;
  /** Another fetch (a test harness, a proxy agent); default: the global one. */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers for every request (e.g. a tracing header). */
  headers?: Record<string, string>;
}

export function createPalisadeClient(opts: PalisadeClientOptions): PalisadeClient {
  // One credential per client: the server would pick one of two and the caller would not know which.
  if (opts.token !== undefined && opts.apiKey !== undefined)
    throw new TypeError('createPalisadeClient: pass token or apiKey, not both');
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (opts.apiKey !== undefined) headers['x-api-key'] = opts.apiKey;
  return createClient<paths>({
    baseUrl: opts.baseUrl,
    headers,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
}

/** A 4xx/5xx answer as a thrown error: the registered code, the field at fault and the request id. */
export class PalisadeApiError extends Error {
  override readonly name = 'PalisadeApiError';
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly requestId: string | undefined;
  constructor(status: number, body: Partial<ErrorBody> | undefined) {
    const e = body?.error;
    super(e?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = e?.code ?? `HTTP${status}`;
    this.field = e?.field ?? undefined;
    this.requestId = e?.requestId;
  }
}

/**
 * The data of a successful call, or a thrown PalisadeApiError:
 * `const org = await unwrap(api.GET('/v1/orgs/{orgId}', { params: { path: { orgId } } }))`.
 */
export async function unwrap<D>(
  call: Promise<{ data?: D; error?: unknown; response: Response }> | { data?: D; error?: unknown; response: Response },
): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok) throw new PalisadeApiError(response.status, error as Partial<ErrorBody> | undefined);
  return data as D;
}
