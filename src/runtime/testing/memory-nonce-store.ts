import type { NonceStore } from '../signing.ts';

/**
 * A NonceStore in one process's memory, for tests and the fake step service. Not for a server:
 * a replay sent to another instance, or after a restart, would pass.
 */
export function memoryNonceStore(): NonceStore {
  const seen = new Map<string, number>();
  return {
    async seen(keyId, nonce, expiresAt) {
      const now = Date.now();
      for (const [k, until] of seen) if (until < now) seen.delete(k);
      const key = `${keyId}\n${nonce}`;
      if (seen.has(key)) return true;
      seen.set(key, expiresAt.getTime());
      return false;
    },
  };
}
