import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, REPO_ROOT as ROOT } from '../testing/files.ts';
import { ConfigError, ENV_VARIABLES, engineConfig, loadServerConfig, readEnv } from './index.ts';

const sources = filesUnder('src', '.ts').filter((f) => !f.endsWith('.test.ts'));

describe('configuration (src/config)', () => {
  it('reads only the registered variables, trimmed, an empty one as absent', () => {
    expect(readEnv({ PORT: ' 8080 ', HOST: '', UNRELATED: 'x', PALISADE_JWT_ISSUER: 'https://id.example' })).toEqual({
      PORT: '8080',
      PALISADE_JWT_ISSUER: 'https://id.example',
    });
  });

  it('refuses a malformed variable with a sentence naming it, and never quotes a URL or secret', () => {
    expect(() => readEnv({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => readEnv({ PORT: 'eighty' })).toThrow(
      'PORT must be a whole number between 0 and 65535 (got "eighty").',
    );
    expect(() => readEnv({ PALISADE_LOG_LEVEL: 'loud' })).toThrow(/^PALISADE_LOG_LEVEL must be one of fatal, error/);
    const url = 'mysql://admin:hunter2@db.example/app';
    expect(() => readEnv({ DATABASE_URL: url })).toThrow(
      'DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use the embedded database).',
    );
    expect(() => readEnv({ PALISADE_JWKS_URL: 'ftp://keys' })).toThrow('PALISADE_JWKS_URL must be an http(s) URL.');
  });

  it('keeps the defaults', () => {
    expect(engineConfig({})).toEqual({ kind: 'pglite', dataDir: path.resolve('./.palisade/data') });
    const { config } = loadServerConfig({ PALISADE_JWT_SECRET: 'x'.repeat(32) });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      bodyLimit: 262144,
      logLevel: 'info',
      shutdownTimeoutMs: 10_000,
      rateLimit: { max: 600 },
    });
  });

  it('reads PALISADE_CORS_ORIGINS as exact origins, and refuses anything a browser never sends as one', () => {
    const origins = (v?: string) =>
      loadServerConfig({
        PALISADE_JWT_SECRET: 'x'.repeat(32),
        ...(v === undefined ? {} : { PALISADE_CORS_ORIGINS: v }),
      }).config.corsOrigins;
    expect(origins()).toEqual([]);
    expect(origins(' https://app.example.com , http://localhost:5173,https://app.example.com ')).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
    expect(() => origins('*')).toThrow(/^PALISADE_CORS_ORIGINS lists exact origins .*"\*" is not accepted/);
    expect(() => origins('https://a.example,null')).toThrow(/^PALISADE_CORS_ORIGINS .*"null" is not accepted/);
    expect(() => origins('app.example.com')).toThrow(
      'PALISADE_CORS_ORIGINS entries must be origins, scheme://host[:port] (got "app.example.com").',
    );
    expect(() => origins('ftp://files.example')).toThrow(/^PALISADE_CORS_ORIGINS entries must be http:\/\/ or https:/);
    expect(() => origins('https://app.example.com/')).toThrow(/should be "https:\/\/app.example.com"\.$/);
    expect(() => origins('https://app.example.com/app')).toThrow(/^PALISADE_CORS_ORIGINS .*no path/);
    expect(() => origins('https://App.Example.com:443')).toThrow(/should be "https:\/\/app.example.com"/);
    expect(() => origins('http://user:pw@app.example.com')).toThrow(
      'PALISADE_CORS_ORIGINS entries are origins and hold no user name or password.',
    );
  });

  it('is the only code that reads process.env (the test harness and child processes aside)', () => {
    const readers = sources.filter((f) => /process\.env\b/.test(readFileSync(path.join(ROOT, f), 'utf8'))).sort();
    // env.ts reads it; bench/startup.ts passes it on to a child server; backup/pg-tools.ts passes
    // PATH, locale and libpq's PG* settings on to pg_dump and pg_restore; global-setup reads
    // TEST_DATABASE_URL (and TEST_TEMPLATE_CACHE); testing/cli.ts passes it on to a child command.
    expect(readers).toEqual([
      'src/backup/pg-tools.ts',
      'src/bench/startup.ts',
      'src/config/env.ts',
      'src/testing/cli.ts',
      'src/testing/global-setup.ts',
    ]);
  });

  it('registers every PALISADE_* variable the code names', () => {
    const named = new Set<string>();
    for (const f of sources)
      for (const m of readFileSync(path.join(ROOT, f), 'utf8').matchAll(/\bPALISADE_[A-Z_]+\b/g)) named.add(m[0]);
    expect([...named].filter((n) => !(n in ENV_VARIABLES)).sort()).toEqual([]);
  });
});
