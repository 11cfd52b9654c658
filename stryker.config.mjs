/**
 * StrykerJS on the security-critical TypeScript. `npm run mutate` (scripts/mutate.js) runs it once
 * per group below, with PALISADE_MUTATE_GROUP naming the group; docs/testing.md ("Mutation
 * testing") has the score and the mutants documented as equivalent.
 *
 * Each group pairs modules with the tests that are run against their mutants (vitest.mutate.config.ts
 * reads the list). Two groups, because a mutant of a module-level constant (a blocklist range, a
 * regex) is run against every test of its run: the unit group's take a few seconds in all, and
 * only the database group pays for a fresh PGlite per test file.
 */
export const GROUPS = {
  unit: {
    database: false,
    mutate: [
      'src/auth/jwt.ts',
      'src/auth/admin-token.ts',
      'src/apikeys/keys.ts',
      'src/vault/cipher.ts',
      'src/vault/keyring.ts',
      'src/vault/keys.ts',
      'src/vault/redacted.ts',
      'src/net/egress.ts',
      'src/net/addresses.ts',
      'src/http/error-map.ts',
      'src/http/errors.ts',
    ],
    // In this order (vitest.mutate.config.ts keeps it). A static mutant (a module-level table or
    // pattern, set when the module loads) is run against every file of the group until one fails,
    // so the files that kill most of them come first: error-map (36 of the 79 in the last run),
    // token-verifier (15), addresses, keys and keyring; the others are cheapest first. Left out
    // because every mutant they kill dies in a listed file, while they cost seconds a run:
    // cipher.test.ts, errors/codes.test.ts, net/egress.test.ts (its client tests wait on timers).
    tests: [
      'src/http/error-map.test.ts',
      'src/auth/token-verifier.test.ts',
      'src/net/addresses.test.ts',
      'src/apikeys/keys.test.ts',
      'src/vault/keyring.test.ts',
      'src/vault/redacted.test.ts',
      'src/vault/cipher-limits.test.ts',
      'src/auth/admin-token.test.ts',
      'src/http/error-responses.test.ts',
      'src/net/egress-client.test.ts',
    ],
  },
  database: {
    database: true,
    mutate: [
      'src/auth/authenticate.ts',
      'src/apikeys/verify.ts',
      'src/vault/secrets.ts',
      'src/vault/elevate.ts',
      'src/vault/rotate.ts',
      'src/audit/verify.ts',
      'src/audit/canonical.ts',
      'src/db/principal.ts',
    ],
    // Cheapest first. tamper, chain, vault and rotate.test.ts are left out: every mutant they kill
    // dies earlier in this list, and each costs a database and time per run. `npm run mutate` runs
    // this group on the server engine (scripts/mutate.js says why).
    tests: [
      'src/db/principal.test.ts',
      'src/audit/canonical-helpers.test.ts',
      'src/vault/rotate-options.test.ts',
      'src/vault/secrets.test.ts',
      'src/auth/authenticate.test.ts',
      'src/audit/verify-report.test.ts',
      'src/audit/canonical.test.ts',
    ],
  },
};

export const group = process.env.PALISADE_MUTATE_GROUP ?? 'unit';
const { mutate } = GROUPS[group];

export default {
  mutate,
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // Stryker rewrites a tsconfig's `extends` and `references` for its sandbox through TypeScript's JS
  // API, which TypeScript 7 no longer has; ours has neither, so no tsconfig is named.
  tsconfigFile: '',
  // Three runners on two cores: a runner waits on timers, sockets and the database server part of
  // each run (the load average stayed between 1.4 and 3 with two), so a third keeps both busy.
  concurrency: 3,
  incremental: false,
  tempDirName: '.tmp/stryker',
  cleanTempDir: 'always',
  ignorePatterns: ['.palisade', '.tmp'],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `.tmp/mutation/stryker-${group}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  timeoutMS: 5_000,
};
