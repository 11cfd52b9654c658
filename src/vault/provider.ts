import { ConfigError, engineConfig, readEnv } from '../config/index.ts';
import { PalisadeError } from '../errors/error.ts';
import type { KeyRing } from './keyring.ts';
import { loadKeyRing } from './keys.ts';

/**
 * Loads the vault's keys once, when a secret is first written or read, and says clearly when there
 * are none (a 503 naming what to set), for the routes that touch the vault.
 */
export function keyRingProvider(log: { warn(msg: string): void }, given?: KeyRing): () => KeyRing {
  let ring = given;
  // A malformed PALISADE_VAULT_KEYS stops the server now, not at the first secret written.
  if (!ring && readEnv().PALISADE_VAULT_KEYS) ring = loadKeyRing(engineConfig()).ring;
  return () => {
    if (ring) return ring;
    try {
      const loaded = loadKeyRing(engineConfig());
      if (loaded.warning) log.warn(loaded.warning);
      ring = loaded.ring;
      return ring;
    } catch (err) {
      if (err instanceof ConfigError)
        throw new PalisadeError('PS503', `the credential vault is not configured: ${err.message}`);
      // A key file that cannot be made (the embedded data dir missing or read-only, say): the
      // operator reads why in the log; the caller learns only that the vault is unavailable.
      log.warn(`the vault's keys could not be loaded: ${(err as Error).message}`);
      throw new PalisadeError('PS503', 'the credential vault is not configured: its keys could not be loaded');
    }
  };
}
