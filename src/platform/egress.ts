/**
 * Outbound HTTP to URLs that operators or tenants configured (rule sources here; custom steps
 * later). DESIGN.md: private, loopback and link-local destinations are refused unless the operator
 * sets PALISADE_ALLOW_PRIVATE_EGRESS=1 (tests do, to reach their local server).
 *
 * The check runs inside the socket's DNS lookup, on the address actually connected to, so a name
 * that resolves to a public address when checked and a private one when used (DNS rebinding)
 * cannot slip through; IP literals are checked before connecting. Redirects are followed by hand,
 * a few at most, each one checked again.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress, privateEgressAllowed } from '../net/addresses.ts';

export class EgressError extends Error {
  override name = 'EgressError';
}

export { isPrivateAddress, privateEgressAllowed };

const refusal = (host: string, address: string) =>
  new EgressError(`refused: ${host} is a private, loopback or link-local address (${address}); an operator can allow such destinations with PALISADE_ALLOW_PRIVATE_EGRESS=1`);

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      const blocked = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (blocked) return callback(refusal(hostname, blocked.address), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new EgressError(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
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
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  allowPrivate?: boolean;
}

function once(url: URL, opts: Required<Omit<GuardedGetOptions, 'maxRedirects'>>, signal: AbortSignal): Promise<GuardedResponse> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !opts.allowPrivate && isPrivateAddress(host)) return reject(refusal(host, host));
    // Settles once: a body cut off at the size limit must never be delivered as if it were whole.
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(
      url,
      { method: 'GET', headers: { 'user-agent': 'palisade-watcher', accept: '*/*', ...opts.headers }, lookup: guardedLookup(opts.allowPrivate), signal },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (settled) return;
          size += c.length;
          if (size > opts.maxBytes) {
            fail(new EgressError(`the response is larger than ${opts.maxBytes} bytes`));
            res.destroy();
            req.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), url: url.toString() });
        });
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end();
  });
}

/** GET with the egress guard, an overall deadline, a size limit and checked redirects. */
export async function guardedGet(rawUrl: string, options: GuardedGetOptions = {}): Promise<GuardedResponse> {
  const opts = {
    headers: options.headers ?? {},
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
    allowPrivate: options.allowPrivate ?? privateEgressAllowed(),
  };
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let url = new URL(rawUrl);
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EgressError(`only http and https URLs can be fetched, not ${url.protocol}`);
    let res: GuardedResponse;
    try {
      res = await once(url, opts, signal);
    } catch (err) {
      if (signal.aborted) throw new EgressError(`timed out after ${opts.timeoutMs} ms`);
      throw err;
    }
    const location = res.headers.location;
    if (![301, 302, 303, 307, 308].includes(res.status) || !location) return res;
    if (hop >= (options.maxRedirects ?? 3)) throw new EgressError(`more than ${options.maxRedirects ?? 3} redirects`);
    url = new URL(location, url);
  }
}
