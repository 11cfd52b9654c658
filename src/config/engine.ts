import path from 'node:path';
import { ConfigError, type Env, readEnv } from './env.ts';

export type EngineConfig = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

const DEFAULT_DATA_DIR = './.palisade/data';

export function engineConfig(env: Env = readEnv()): EngineConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new ConfigError(
        'DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use the embedded database).',
      );
    }
    return { kind: 'postgres', url };
  }
  return { kind: 'pglite', dataDir: path.resolve(env.PALISADE_DATA_DIR?.trim() || DEFAULT_DATA_DIR) };
}

/** Prints a URL without its password, so connection strings can appear in logs and progress output. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
