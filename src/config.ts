import path from 'node:path';

export type EngineConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string };

/** A sentence that tells the operator what to fix; the CLI prints it and exits 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEFAULT_DATA_DIR = './.palisade/data';

export function engineConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
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
