export function testOutcome(
  vitestStatus: number | null,
  report: { numPassedTests: number; numFailedTests: number; numPendingTests?: number } | null,
): { status: number; summary: string; problem?: string };
