import { describe, expect, it } from 'vitest';
import { testOutcome } from '../../scripts/test-outcome.js';

describe('npm test: what it reports and exits with', () => {
  const report = (passed: number, failed: number, skipped = 0) => ({
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: skipped,
  });

  it('passes only when vitest passed and at least one test ran', () => {
    expect(testOutcome(0, report(3, 0, 1))).toEqual({ status: 0, summary: 'tests: 3 passed, 0 failed, 1 skipped' });
  });

  it('fails when no test ran, although vitest exited 0 (none found, or every test skipped)', () => {
    expect(testOutcome(0, report(0, 0))).toMatchObject({ status: 1, problem: 'No test ran.' });
    expect(testOutcome(0, report(0, 0, 12))).toMatchObject({ status: 1, problem: 'No test ran.' });
  });

  it("keeps vitest's failing status, and fails when the report is missing", () => {
    expect(testOutcome(1, report(5, 2))).toEqual({ status: 1, summary: 'tests: 5 passed, 2 failed' });
    expect(testOutcome(null, report(0, 0))).toMatchObject({ status: 1 });
    expect(testOutcome(0, null)).toMatchObject({ status: 1, problem: 'The test report was not written.' });
  });
});
