/**
 * Periodic anchoring for the server: `startAnchorSchedule(db, { logger })` at start-up, `stop()`
 * at shutdown. PALISADE_AUDIT_ANCHOR_INTERVAL sets the period (`30s`, `15m`, `1h`, `1d`, plain
 * seconds; `off` or `0` disables; default 1h). The period bounds how precisely a consistent
 * rewrite can be located and how much recent history a truncation can take unseen.
 */
import { ConfigError, type Env, readEnv } from '../config/index.ts';
import type { Database } from '../db/types.ts';
import { type AnchorResult, anchorChains } from './anchors.ts';
import { SIGNING_KEY_ENV } from './key-env.ts';
import { resolveSigningKey, type SigningKey } from './keys.ts';

const ANCHOR_INTERVAL_ENV = 'PALISADE_AUDIT_ANCHOR_INTERVAL';
const DEFAULT_INTERVAL = '1h';
const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The period in ms, or null when anchoring is switched off. */
export function anchorIntervalMs(env: Env = readEnv()): number | null {
  const raw = (env[ANCHOR_INTERVAL_ENV]?.trim() || DEFAULT_INTERVAL).toLowerCase();
  if (raw === 'off' || raw === '0') return null;
  const m = /^(\d+)([smhd]?)$/.exec(raw);
  const ms = m ? Number(m[1]) * UNITS[m[2] || 's']! : NaN;
  if (!Number.isFinite(ms) || ms < 10_000 || ms > 7 * 86_400_000) {
    throw new ConfigError(
      `${ANCHOR_INTERVAL_ENV} must be a period between 10s and 7d such as 15m or 1h, or off (got "${raw}").`,
    );
  }
  return ms;
}

/** The part of a pino logger this needs. */
export interface AnchorLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface AnchorScheduleOptions {
  logger: AnchorLogger;
  env?: NodeJS.ProcessEnv;
  /** Overrides the environment (tests). */
  intervalMs?: number;
  key?: SigningKey;
  onRun?: (result: AnchorResult) => void;
}

export interface AnchorSchedule {
  intervalMs: number;
  keyId: string;
  /** Runs one anchoring now (also what the timer calls); concurrent calls share one run. */
  runNow(): Promise<AnchorResult | undefined>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Returns null (after saying why) when anchoring is off or no key is configured. */
export function startAnchorSchedule(db: Database, opts: AnchorScheduleOptions): AnchorSchedule | null {
  const env = opts.env ?? readEnv();
  const intervalMs = opts.intervalMs ?? anchorIntervalMs(env);
  if (intervalMs === null) {
    opts.logger.info({}, `audit anchoring is off (${ANCHOR_INTERVAL_ENV}=off)`);
    return null;
  }
  const key = opts.key ?? resolveSigningKey({ env, generate: true, warn: (m) => opts.logger.warn({}, m) });
  if (!key) {
    opts.logger.warn(
      {},
      `audit chains are not anchored: set ${SIGNING_KEY_ENV} (\`palisade audit key --generate\`) so truncation and rewrites can be detected`,
    );
    return null;
  }
  let running: Promise<AnchorResult | undefined> | undefined;
  const runNow = () =>
    (running ??= anchorChains(db, { key })
      .then((result) => {
        const log = {
          keyId: result.keyId,
          signed: result.signed,
          stored: result.stored,
          problems: result.problems.length,
        };
        if (result.problems.length)
          opts.logger.error(
            { ...log, chains: result.problems },
            'audit anchoring refused chains whose tail is missing: run `palisade audit verify`',
          );
        else opts.logger.info(log, 'audit chain heads anchored');
        opts.onRun?.(result);
        return result;
      })
      .catch((err: unknown) => {
        opts.logger.error({ err }, 'audit anchoring failed; will retry at the next interval');
        return undefined;
      })
      .finally(() => {
        running = undefined;
      }));
  const timer = setInterval(() => void runNow(), intervalMs);
  timer.unref(); // never keeps a stopping process alive
  void runNow(); // anchor at start-up too: the newest history is the most exposed
  return {
    intervalMs,
    keyId: key.keyId,
    runNow,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
