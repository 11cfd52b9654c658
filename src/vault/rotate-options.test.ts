import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/types.ts';
import { KeyRing } from './keyring.ts';
import { rotateVault } from './rotate.ts';

describe('vault rotation options', () => {
  it('a batch size must be a whole number from 1 to 10000, refused before the database is touched', async () => {
    const ring = new KeyRing([{ id: 'k1', key: randomBytes(32) }]);
    const untouched = {} as Database;
    for (const batchSize of [0, -1, 10_001, 1.5, Number.NaN]) {
      await expect(rotateVault(untouched, ring, { batchSize }), String(batchSize)).rejects.toThrow(
        new RangeError('batchSize must be 1-10000'),
      );
    }
    // 1 and 10000 pass the check and go on to the database (which this stand-in is not).
    for (const batchSize of [1, 10_000]) {
      await expect(rotateVault(untouched, ring, { batchSize }), String(batchSize)).rejects.toThrow(TypeError);
    }
  });
});
