import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { blockedReason, privateEgressAllowed } from './addresses.ts';

/**
 * The one way Palisade calls out: integration tests of tenant systems (createEgressClient) and the
 * rule-source watcher (guardedGet, below). Configured URLs are an SSRF surface, so:
 * every address a name resolves to is checked (one private answer refuses the whole name), the
 * connection goes to an address that was checked (the check runs inside the socket's own DNS
 * lookup, so a second, rebinding answer is never used), redirects are not followed, the whole
 * exchange has a deadline and the response a size cap. Errors name the origin and path only:
 * query strings, headers and bodies (where credentials travel) never appear in a message.
 * Private, loopback and link-local destinations are refused unless the operator sets
 * PALISADE_ALLOW_PRIVATE_EGRESS=1 (tests do, to reach their local server).
 */
interface EgressRequest {
  url: string;
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Overrides the client's deadline for this call. */
  timeoutMs?: number;
  /** Deadline for name resolution and the TCP connection alone, within timeoutMs (default: none apart from timeoutMs). */
  connectTimeoutMs?: number;
  /** Lowers the client's response cap for this call (never raises it). */
  maxResponseBytes?: number;
}

export interface EgressResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text(): string;
  /** The body as JSON, or undefined when it is not JSON. */
  json(): unknown;
}

export type EgressErrorCode =
  | 'invalid_url'
  | 'blocked_address'
  | 'dns_failed'
  | 'timeout'
  | 'connect_failed'
  | 'response_too_large'
  | 'too_many_redirects';

export class EgressError extends Error {
  override name = 'EgressError';
  constructor(
    readonly code: EgressErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface EgressOptions {
  /** Permit private, loopback and link-local targets (tests, on-premises systems). Default: PALISADE_ALLOW_PRIVATE_EGRESS. */
  allowPrivate?: boolean;
  /** Deadline for connect + request + response, in milliseconds (default 10 s). */
  timeoutMs?: number;
  /** Largest response body read (default 1 MiB). */
  maxResponseBytes?: number;
}

export interface EgressClient {
  readonly allowPrivate: boolean;
  request(req: EgressRequest): Promise<EgressResponse>;
}

export { privateEgressAllowed };

/** origin + path: what a message may say about a URL. */
function describeUrl(u: URL): string {
  return `${u.origin}${u.pathname}`;
}

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses: LookupAddress[]) => {
      if (err || addresses.length === 0) {
        callback(new EgressError('dns_failed', `cannot resolve ${hostname}`), '', 4);
        return;
      }
      if (!allowPrivate) {
        for (const a of addresses) {
          const reason = blockedReason(a.address);
          if (reason) {
            callback(
              new EgressError(
                'blocked_address',
                `${hostname} resolves to ${a.address}, ${reason}: outbound calls there are refused (PALISADE_ALLOW_PRIVATE_EGRESS permits them)`,
              ),
              '',
              4,
            );
            return;
          }
        }
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export function createEgressClient(opts: EgressOptions = {}): EgressClient {
  const allowPrivate = opts.allowPrivate ?? privateEgressAllowed();
  const defaultTimeout = opts.timeoutMs ?? 10_000;
  const maxBytes = opts.maxResponseBytes ?? 1 << 20;
  const lookup = guardedLookup(allowPrivate);

  async function request(req: EgressRequest): Promise<EgressResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new EgressError('invalid_url', 'the URL is not valid');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new EgressError('invalid_url', `${url.protocol} URLs are not allowed: use https`);
    if (url.username || url.password)
      throw new EgressError('invalid_url', `${describeUrl(url)}: credentials in URLs are not allowed`);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !allowPrivate) {
      // A literal address never goes through the lookup above.
      const reason = blockedReason(host);
      if (reason)
        throw new EgressError(
          'blocked_address',
          `${url.origin} is ${reason}: outbound calls there are refused (PALISADE_ALLOW_PRIVATE_EGRESS permits them)`,
        );
    }
    const timeoutMs = req.timeoutMs ?? defaultTimeout;
    const where = describeUrl(url);
    const signal = AbortSignal.timeout(timeoutMs);
    const lib = url.protocol === 'https:' ? https : http;
    const cap = Math.min(maxBytes, req.maxResponseBytes ?? maxBytes);

    return new Promise<EgressResponse>((resolve, reject) => {
      const fail = (err: unknown) => {
        if (err instanceof EgressError) return reject(err);
        if (signal.aborted) return reject(new EgressError('timeout', `${where} did not answer within ${timeoutMs} ms`));
        const code = (err as NodeJS.ErrnoException)?.code ?? 'error';
        // The cause's code (ECONNREFUSED, CERT_HAS_EXPIRED…) is safe; its message may quote the request, so it is dropped.
        reject(new EgressError('connect_failed', `${where} could not be reached (${code})`));
      };
      const r = lib.request(
        url,
        {
          method: req.method ?? 'GET',
          headers: { 'user-agent': 'Palisade-Integrations/1', ...req.headers },
          lookup,
          signal,
          agent: false, // no pooled socket that was resolved under other rules
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > cap) {
              res.destroy();
              reject(new EgressError('response_too_large', `${where} answered with more than ${cap} bytes`));
              return;
            }
            chunks.push(c);
          });
          res.on('error', fail);
          res.on('end', () => {
            const body = Buffer.concat(chunks);
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body,
              text: () => body.toString('utf8'),
              json: () => {
                try {
                  return JSON.parse(body.toString('utf8'));
                } catch {
                  return undefined;
                }
              },
            });
          });
        },
      );
      const connectMs = req.connectTimeoutMs;
      if (connectMs !== undefined) {
        // A peer that never completes the handshake should fail fast and be retried, not hold the
        // whole deadline; once connected, only timeoutMs applies.
        r.on('socket', (socket) => {
          if (!socket.connecting) return;
          const timer = setTimeout(
            () => r.destroy(new EgressError('timeout', `${where} did not accept a connection within ${connectMs} ms`)),
            connectMs,
          );
          socket.once('connect', () => clearTimeout(timer));
          socket.once('close', () => clearTimeout(timer));
        });
      }
      r.on('error', (err) => {
        // The lookup's EgressError reaches us wrapped by net in some Node versions.
        const inner = (err as { cause?: unknown }).cause;
        fail(err instanceof EgressError ? err : inner instanceof EgressError ? inner : err);
      });
      if (req.body !== undefined) r.write(req.body);
      r.end();
    });
  }

  return { allowPrivate, request };
}

export interface GuardedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The URL that answered, after redirects. */
  url: string;
}

export interface GuardedGetOptions {
  headers?: Record<string, string>;
  /** Deadline for the whole fetch, redirects included (default 10 s). */
  timeoutMs?: number;
  /** Largest response body read (default 5 MiB). */
  maxBytes?: number;
  maxRedirects?: number;
  allowPrivate?: boolean;
}

/**
 * GET through the egress client with one deadline for the whole fetch and redirects followed by
 * hand, a few at most, each target checked again. Messages name no URL (the caller records them
 * against the source it fetched).
 */
export async function guardedGet(rawUrl: string, options: GuardedGetOptions = {}): Promise<GuardedResponse> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 3;
  const client = createEgressClient({
    allowPrivate: options.allowPrivate ?? privateEgressAllowed(),
    timeoutMs,
    maxResponseBytes: maxBytes,
  });
  const deadline = Date.now() + timeoutMs;
  let url = new URL(rawUrl);
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new EgressError('invalid_url', `only http and https URLs can be fetched, not ${url.protocol}`);
    let res: EgressResponse;
    try {
      res = await client.request({
        url: url.toString(),
        headers: { 'user-agent': 'palisade-watcher', accept: '*/*', ...options.headers },
        timeoutMs: Math.max(1, deadline - Date.now()),
      });
    } catch (err) {
      if (err instanceof EgressError && err.code === 'timeout')
        throw new EgressError('timeout', `timed out after ${timeoutMs} ms`);
      if (err instanceof EgressError && err.code === 'response_too_large')
        throw new EgressError('response_too_large', `the response is larger than ${maxBytes} bytes`);
      throw err;
    }
    const location = res.headers.location;
    if (![301, 302, 303, 307, 308].includes(res.status) || !location)
      return { status: res.status, headers: res.headers, body: res.text(), url: url.toString() };
    if (hop >= maxRedirects) throw new EgressError('too_many_redirects', `more than ${maxRedirects} redirects`);
    url = new URL(location, url);
  }
}
