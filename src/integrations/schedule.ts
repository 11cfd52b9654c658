import { Cron } from 'croner';
import { z } from 'zod';
import { type Problem, problemsFromZod } from './problems.ts';

/**
 * When an integration syncs: by hand, every N minutes, or on a cron expression in a timezone.
 * Mirrors app.sync_schedule_problem (the database checks shape and timezone); croner, here,
 * additionally parses the expression and refuses schedules firing more often than every
 * MIN_MINUTES, which the database cannot judge.
 */
const MIN_MINUTES = 5;
const MAX_MINUTES = 10080;
const CRON_SHAPE = /^[0-9A-Za-z*,/?#-]+( [0-9A-Za-z*,/?#-]+){4}$/;

const minutes = z
  .number({ error: `is required: whole minutes from ${MIN_MINUTES} to ${MAX_MINUTES} (one week)` })
  .int({ error: `is required: whole minutes from ${MIN_MINUTES} to ${MAX_MINUTES} (one week)` })
  .min(MIN_MINUTES, { error: `is required: whole minutes from ${MIN_MINUTES} to ${MAX_MINUTES} (one week)` })
  .max(MAX_MINUTES, { error: `is required: whole minutes from ${MIN_MINUTES} to ${MAX_MINUTES} (one week)` });

const cronMessage = 'is required: five cron fields separated by single spaces';
const tzMessage = 'is required: an IANA timezone such as Europe/Oslo';

export const SyncSchedule = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('manual') }),
    z.strictObject({ kind: z.literal('interval'), minutes }),
    z.strictObject({
      kind: z.literal('cron'),
      expression: z
        .string({ error: cronMessage })
        .max(100, { error: cronMessage })
        .regex(CRON_SHAPE, { error: cronMessage }),
      timezone: z.string({ error: tzMessage }).max(64, { error: tzMessage }).refine(isTimezone, { error: tzMessage }),
    }),
  ],
  { error: 'is required: one of manual, interval, cron' },
);
export type SyncSchedule = z.infer<typeof SyncSchedule>;

function isTimezone(tz: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function cronOf(s: { expression: string; timezone: string }): Cron {
  // paused: a parser, not a job. 5-part: no seconds field, so nothing can fire every second.
  return new Cron(s.expression, { timezone: s.timezone, paused: true, mode: '5-part' });
}

/** Everything wrong with a schedule, at JSON paths, including what only croner can tell. */
export function scheduleProblems(doc: unknown): Problem[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return [{ path: '$', message: 'must be an object such as {"kind": "manual"}' }];
  }
  const r = SyncSchedule.safeParse(doc);
  if (!r.success) return problemsFromZod(r.error);
  const s = r.data;
  if (s.kind !== 'cron') return [];
  let cron: Cron;
  try {
    cron = cronOf(s);
  } catch (err) {
    // croner's messages describe the pattern ("Invalid value for minute: 61"), never anything secret.
    return [{ path: '$.expression', message: `is not a valid cron expression (${(err as Error).message})` }];
  }
  // Look at a day's worth of runs from a fixed instant so the verdict never depends on "now".
  const runs = cron.nextRuns(300, new Date('2030-01-07T00:00:00Z'));
  if (runs.length === 0) return [{ path: '$.expression', message: 'never fires' }];
  for (let i = 1; i < runs.length; i++) {
    if (runs[i]!.getTime() - runs[i - 1]!.getTime() < MIN_MINUTES * 60_000) {
      return [{ path: '$.expression', message: `fires more often than every ${MIN_MINUTES} minutes` }];
    }
  }
  return [];
}

/** The first run strictly after `after`, or null for manual schedules (and crons that never fire again). */
export function nextRunAfter(s: SyncSchedule, after: Date): Date | null {
  switch (s.kind) {
    case 'manual':
      return null;
    case 'interval':
      return new Date(after.getTime() + s.minutes * 60_000);
    case 'cron':
      return cronOf(s).nextRun(after);
  }
}
