import { createHash, randomBytes } from 'node:crypto';

/**
 * The one-time token in a step run's callback URL. It names the run without revealing its id
 * and is unguessable (256 bits), so a URL cannot be derived from another; the database keeps only
 * its SHA-256 (a leaked table row cannot be turned back into a working URL), and looks a step up
 * by that hash; the delivery id of the first accepted callback makes it used. The token is not the callback's
 * authentication: each callback is also HMAC-signed (inbound.ts), so a token read from a log alone
 * does not let anyone complete a run.
 */

const PREFIX = 'pcb_';
const TOKEN = /^pcb_[A-Za-z0-9_-]{43}$/;

/** A fresh token: pcb_ + 32 random bytes, base64url. Show it only in the callback URL sent to the step service. */
export const createCallbackToken = (): string => `${PREFIX}${randomBytes(32).toString('base64url')}`;

/** What the database stores and looks up: SHA-256 hex of the whole token. A plain hash suffices: the token carries 256 random bits. */
export const hashCallbackToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** The shape createCallbackToken makes: anything else names no step and is not looked up. */
export const isCallbackToken = (token: string): boolean => TOKEN.test(token);

/**
 * baseUrl + '/' + token. The base is Palisade's own public callback route (configured by the
 * operator), so http is accepted for local set-ups; a query, fragment or credentials in it are
 * refused, so the token is always the URL's last path segment and nothing else rides along.
 */
export function callbackUrl(baseUrl: string, token: string): string {
  const base = new URL(baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error('callbackUrl: the base must be http(s)');
  if (base.username || base.password || base.search || base.hash)
    throw new Error('callbackUrl: the base may not carry credentials, a query or a fragment');
  if (!TOKEN.test(token)) throw new Error('callbackUrl: the token is malformed');
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}/${token}`;
}
