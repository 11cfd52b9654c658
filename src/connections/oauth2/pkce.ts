import { createHash, randomBytes } from 'node:crypto';

/**
 * The secrets of one authorization request: `state` (what the callback is recognised by; stored
 * only as its SHA-256) and the PKCE code_verifier (RFC 7636, S256), each 32 random bytes,
 * base64url (43 characters).
 */
export interface AuthorizationSecrets {
  state: string;
  stateHash: Buffer;
  verifier: string;
  challenge: string;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newAuthorizationSecrets(): AuthorizationSecrets {
  const state = randomBytes(32).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  return { state, stateHash: hashState(state), verifier, challenge: s256(verifier) };
}

export const hashState = (state: string): Buffer => createHash('sha256').update(state, 'utf8').digest();

const s256 = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url');

/** A state Palisade could have issued: anything else is not looked up at all. */
export const isStateShaped = (state: string): boolean => TOKEN.test(state);
