/**
 * What `npm test` reports and exits with, from vitest's exit status and its JSON report (null when
 * the report could not be read). A run in which no test passed or failed (none found, or every one
 * skipped) fails: a green run must have run something.
 * @param {number | null} vitestStatus
 * @param {{ numPassedTests: number, numFailedTests: number, numPendingTests?: number } | null} report
 * @returns {{ status: number, summary: string, problem?: string }}
 */
export function testOutcome(vitestStatus, report) {
  if (!report) return { status: 1, summary: 'tests: 0 passed, 1 failed', problem: 'The test report was not written.' };
  const skipped = report.numPendingTests ? `, ${report.numPendingTests} skipped` : '';
  const summary = `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped}`;
  if (vitestStatus !== 0) return { status: vitestStatus ?? 1, summary };
  if (report.numPassedTests + report.numFailedTests === 0) return { status: 1, summary, problem: 'No test ran.' };
  return { status: 0, summary };
}
