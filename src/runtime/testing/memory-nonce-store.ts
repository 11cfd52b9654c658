import type { NonceStore } from '../signing.ts';

/**
 * A NonceStore in one process's memory, for tests and the fake step service. Not for a server:
 * a replay sent to another instance, or after a restart, would pass. `clock` (milliseconds) is
 * the verifier's: tests that verify at a fixed time pass the same one.
 */
export function memoryNonceStore(clock: () => number = Date.now): NonceStore {
  const seen = new Map<string, number>();
  return {
    async seen(keyId, nonce, expiresAt) {
      const now = clock();
      for (const [k, until] of seen) if (until < now) seen.delete(k);
      const key = `${keyId}\n${nonce}`;
      if (seen.has(key)) return true;
      seen.set(key, expiresAt.getTime());
      return false;
    },
  };
}
