import { setTimeout as sleep } from 'node:timers/promises';
import { type EgressClient, EgressError, type EgressResponse } from '../../net/egress.ts';
import { ExportAbort, type ExportFailureCode, type ExportResult, Tally } from './result.ts';

type EgressRequest = Parameters<EgressClient['request']>[0];

/** 429s retried per request before the export gives up; each wait at most MAX_WAIT_S. */
const MAX_RETRIES = 3;
const MAX_WAIT_S = 60;
/** When a 429 carries no Retry-After (HubSpot's often do not). */
const DEFAULT_WAIT_S = 2;

/** Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or null when unreadable. */
function retryAfterSeconds(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return DEFAULT_WAIT_S;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * One request through the egress guard, honouring 429 Retry-After a bounded number of times. A
 * system that keeps refusing, or asks for a longer wait than a sync should sleep, stops the export
 * as rate_limited rather than holding a worker.
 */
export async function send(http: EgressClient, req: EgressRequest, system: string): Promise<EgressResponse> {
  for (let attempt = 0; ; attempt++) {
    const res = await http.request(req);
    if (res.status !== 429) return res;
    const wait = retryAfterSeconds(res.headers['retry-after']);
    if (attempt >= MAX_RETRIES || wait === null || wait > MAX_WAIT_S)
      throw new ExportAbort('rate_limited', `${system} kept answering HTTP 429 (rate limited): try the sync later`);
    await sleep(wait * 1000);
  }
}

/** 401 and 403 stop the export: every further request would be refused the same way. */
export function refuseAuth(res: EgressResponse, system: string): void {
  if (res.status === 401 || res.status === 403)
    throw new ExportAbort('auth_failed', `${system} rejected the credentials (HTTP ${res.status})`);
}

/**
 * An OAuth 2.0 access token kept for one export, fetched again when its expires_in has passed
 * (less a margin for clock skew and flight time) or when the API answers 401 to it once.
 */
export class TokenCache {
  #token: { value: string; until: number } | undefined;

  constructor(
    private readonly obtain: () => Promise<{ accessToken: string; expiresIn?: number }>,
    private readonly system: string,
  ) {}

  async get(): Promise<string> {
    if (!this.#token || Date.now() >= this.#token.until) {
      const t = await this.obtain();
      const life = t.expiresIn ?? 3600;
      this.#token = { value: t.accessToken, until: Date.now() + (life - Math.min(60, life / 10)) * 1000 };
    }
    return this.#token.value;
  }

  /** Sends with the current token; a 401 gets one fresh token and one more try, then stops the export. */
  async send(http: EgressClient, build: (token: string) => EgressRequest): Promise<EgressResponse> {
    let res = await send(http, build(await this.get()), this.system);
    if (res.status === 401) {
      this.#token = undefined;
      res = await send(http, build(await this.get()), this.system);
    }
    refuseAuth(res, this.system);
    return res;
  }
}

const EGRESS_CODES: Record<EgressError['code'], ExportFailureCode> = {
  invalid_url: 'misconfigured',
  blocked_address: 'blocked',
  dns_failed: 'unreachable',
  timeout: 'timeout',
  connect_failed: 'unreachable',
  response_too_large: 'unexpected_response',
  too_many_redirects: 'unexpected_response',
};

/**
 * Runs `each` over consecutive slices of at most `size` items, with their first index. An
 * ExportAbort fails every record not settled yet and ends the export with what was done so far.
 */
export async function inBatches<T>(
  items: readonly T[],
  size: number,
  each: (batch: readonly T[], offset: number, tally: Tally) => Promise<void>,
): Promise<ExportResult> {
  const tally = new Tally(items.length);
  try {
    for (let offset = 0; offset < items.length; offset += size)
      await each(items.slice(offset, offset + size), offset, tally);
  } catch (err) {
    if (err instanceof ExportAbort) tally.abort(err.code, err.message);
    // The guard's messages name origin and path only, never a query, header or body.
    else if (err instanceof EgressError) tally.abort(EGRESS_CODES[err.code], err.message);
    else throw err;
  }
  return tally.result();
}
