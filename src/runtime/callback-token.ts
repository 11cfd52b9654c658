import { createHash, randomBytes } from 'node:crypto';
import { constantTimeEqual } from './signing.ts';

/**
 * The one-time token in a step run's callback URL. It names the run without revealing its id
 * and is unguessable (256 bits), so a URL cannot be derived from another; the database keeps only
 * its SHA-256 (a leaked table row cannot be turned back into a working URL), looks a run up by
 * that hash, and marks it used on the first accepted callback. The token is not the callback's
 * authentication: each callback is also HMAC-signed (inbound.ts), so a token read from a log alone
 * does not let anyone complete a run.
 */

const PREFIX = 'pcb_';
const TOKEN = /^pcb_[A-Za-z0-9_-]{43}$/;

/** A fresh token: pcb_ + 32 random bytes, base64url. Show it only in the callback URL sent to the step service. */
export const createCallbackToken = (): string => `${PREFIX}${randomBytes(32).toString('base64url')}`;

/** What the database stores and looks up: SHA-256 hex of the whole token. A plain hash suffices: the token carries 256 random bits. */
export const hashCallbackToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** True when the token is well formed and hashes to storedHash (compared in constant time). */
export function callbackTokenMatches(token: string, storedHash: string): boolean {
  return TOKEN.test(token) && constantTimeEqual(hashCallbackToken(token), storedHash);
}

/** The token from the last path segment of a callback URL's path, or null when there is none well formed. */
export function callbackTokenFromPath(path: string): string | null {
  const last = path.split('?')[0]!.split('/').pop() ?? '';
  return TOKEN.test(last) ? last : null;
}

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
