import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * Access tokens as an authorization server issues them: random, known to the server, expiring.
 * `usesPerToken` makes expiry happen inside a test without waiting: a token stops working after that
 * many API calls, as it would once its lifetime had passed.
 */
export class IssuedTokens {
  readonly #issued = new Map<string, { until: number; uses: number }>();
  issuedCount = 0;

  constructor(
    private readonly lifetimeS = 3600,
    private readonly usesPerToken = Number.POSITIVE_INFINITY,
  ) {}

  issue(): { access_token: string; token_type: 'Bearer'; expires_in: number } {
    const token = `at-${randomUUID()}`;
    this.#issued.set(token, { until: Date.now() + this.lifetimeS * 1000, uses: 0 });
    this.issuedCount++;
    return { access_token: token, token_type: 'Bearer', expires_in: this.lifetimeS };
  }

  /** One API call presenting `token`. */
  check(token: string | undefined): 'ok' | 'unknown' | 'expired' {
    const t = token === undefined ? undefined : this.#issued.get(token);
    if (!t) return 'unknown';
    t.uses++;
    return Date.now() >= t.until || t.uses > this.usesPerToken ? 'expired' : 'ok';
  }
}

/** A 429 with Retry-After, once, when a test asks for it: the next API call gets it. */
export class Throttle {
  #pending = false;
  answered = 0;

  once() {
    this.#pending = true;
  }

  /** Answers 429 and returns true when one is pending. */
  answer(res: ServerResponse, body: unknown = { error: 'too many requests' }): boolean {
    if (!this.#pending) return false;
    this.#pending = false;
    this.answered++;
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end(JSON.stringify(body));
    return true;
  }
}

export const isJson = (contentType: string | undefined) => /^application\/json\b/i.test(contentType ?? '');
export const DAY = /^\d{4}-\d{2}-\d{2}$/;
