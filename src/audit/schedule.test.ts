import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/index.ts';
import { describeEngines } from '../testing/engines.ts';
import type { AnchorResult } from './anchors.ts';
import { generateSigningKeyValue, parseSigningKey } from './keys.ts';
import { type AnchorLogger, anchorIntervalMs, startAnchorSchedule } from './schedule.ts';
import { append, newOrg } from './test-helpers.ts';

const quiet = (): AnchorLogger & { lines: string[] } => {
  const lines: string[] = [];
  const log = (obj: object, msg: string) => lines.push(`${msg} ${JSON.stringify(obj)}`);
  return { lines, info: log, warn: log, error: log };
};

describe('anchor interval', () => {
  it('reads PALISADE_AUDIT_ANCHOR_INTERVAL in seconds, minutes, hours or days, defaults to an hour and can be off', () => {
    expect(anchorIntervalMs({})).toBe(3_600_000);
    expect(anchorIntervalMs({ PALISADE_AUDIT_ANCHOR_INTERVAL: '15m' })).toBe(900_000);
    expect(anchorIntervalMs({ PALISADE_AUDIT_ANCHOR_INTERVAL: '90' })).toBe(90_000);
    expect(anchorIntervalMs({ PALISADE_AUDIT_ANCHOR_INTERVAL: 'off' })).toBeNull();
    expect(() => anchorIntervalMs({ PALISADE_AUDIT_ANCHOR_INTERVAL: 'hourly' })).toThrow(ConfigError);
    expect(() => anchorIntervalMs({ PALISADE_AUDIT_ANCHOR_INTERVAL: '1s' })).toThrow(ConfigError);
  });
});

describeEngines('periodic anchoring', (ctx) => {
  it('anchors at start and on every run, then stops cleanly', async () => {
    const key = parseSigningKey(generateSigningKeyValue(), 'test');
    const runs: AnchorResult[] = [];
    const logger = quiet();
    const schedule = startAnchorSchedule(ctx.db, { logger, key, intervalMs: 60_000, onRun: (r) => runs.push(r) })!;
    const org = await newOrg(ctx.db, 'Anchored on a schedule');
    await append(ctx.db, 'audit_log', org, 2);
    await schedule.runNow(); // waits for the start-up run if it is still going, else runs again
    const second = await schedule.runNow();
    await schedule.stop();
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(second?.problems).toEqual([]);
    const { rows } = await ctx.db.query<{ seq: string | number }>(
      `select max(seq) as seq from palisade_audit.anchors where org_id = $1 and chain = 'audit_log' and key_id = $2`,
      [org, key.keyId],
    );
    expect(Number(rows[0]!.seq)).toBe(3);
    expect(logger.lines.some((l) => l.startsWith('audit chain heads anchored'))).toBe(true);
  });

  it('says so and does nothing when no key is configured on a server, or when switched off', () => {
    const logger = quiet();
    expect(startAnchorSchedule(ctx.db, { logger, env: { DATABASE_URL: 'postgres://x@localhost/db' } })).toBeNull();
    expect(startAnchorSchedule(ctx.db, { logger, env: { PALISADE_AUDIT_ANCHOR_INTERVAL: 'off' } })).toBeNull();
    expect(logger.lines.join('\n')).toMatch(/not anchored: set PALISADE_AUDIT_SIGNING_KEY[\s\S]*anchoring is off/);
  });
});
