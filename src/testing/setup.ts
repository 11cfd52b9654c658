import { beforeEach, expect } from 'vitest';

/*
 * Every test must assert something: a test that reaches its end without one expect() fails, so a
 * test cannot pass by returning early or by checking nothing. A test that checks by not throwing
 * says so with an assertion (`await expect(promise).resolves…`, `expect(() => …).not.toThrow()`).
 * Skips are it.skip / it.skipIf with the reason in the title, never an early return.
 */
// The global expect: the one the tests import and assert with (no test here runs concurrently).
beforeEach(() => {
  expect.hasAssertions();
});
