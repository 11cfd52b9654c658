/**
 * `palisade audit verify|anchor` as an operator runs them: a subprocess against a real database,
 * judged by exit code and output. Server: the fresh database's URL. PGlite: a data dir made here
 * (one process at a time may open it, so the test closes its handle before each command).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { openPglite } from '../db/pglite.ts';
import type { Database } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { generateSigningKeyValue, SIGNING_KEY_FILE } from './keys.ts';
import { tamper } from './test-helpers.ts';

const run = promisify(execFile);
/** Each test starts a few Node processes (tsx compiles on start): generous, never a timing claim. */
const SLOW = 120_000;
const BIN = path.resolve(import.meta.dirname, '../../bin/palisade.js');
const A = DEMO.orgs.a.id;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'palisade-audit-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function palisade(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = { ...process.env };
  for (const k of ['DATABASE_URL', 'PALISADE_DATA_DIR', 'PALISADE_AUDIT_SIGNING_KEY', 'PALISADE_AUDIT_PUBLIC_KEYS'])
    delete clean[k];
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...clean, ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describeEngines('palisade audit (CLI)', (ctx) => {
  const dataDir = path.join(tmp, `data-${ctx.engine}`);
  const signingKey = generateSigningKeyValue();
  const env = (): NodeJS.ProcessEnv =>
    ctx.engine === 'postgres'
      ? { DATABASE_URL: ctx.url!, PALISADE_AUDIT_SIGNING_KEY: signingKey }
      : { PALISADE_DATA_DIR: dataDir };

  /** Opens the database the CLI uses (for PGlite: its own data dir) for the duration of `fn`. */
  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    if (ctx.engine === 'postgres') return fn(ctx.db);
    const db = await openPglite({ dataDir });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  beforeAll(async () => {
    // PGlite: a data dir on disk, restored from the migrated, seeded template every test file uses.
    if (ctx.engine === 'pglite') {
      const db = await openPglite({
        dataDir,
        loadDataDir: new Blob([readFileSync(inject('templates').pgliteTarball)]),
      });
      await db.close();
    }
  }, SLOW);

  it(
    'verify exits 0 on the seeded database and names every chain it checked',
    async () => {
      const res = await palisade(['audit', 'verify'], env());
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain(`ok      audit_log      Acme Compliance ${A}`);
      expect(res.stdout).toMatch(/All \d+ chain\(s\) hold/);
    },
    SLOW,
  );

  it(
    'anchor exits 0, signs every head, and (embedded) generates its key file with mode 0600 and a warning',
    async () => {
      const out = path.join(tmp, `anchors-${ctx.engine}.json`);
      const res = await palisade(['audit', 'anchor', '--out', out], env());
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/Signed \d+ chain head\(s\) with key [0-9a-f]{16}/);
      expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ format: 'palisade-audit-anchors/v1' });
      if (ctx.engine === 'pglite') {
        expect(res.stderr).toContain('generated an audit signing key');
        expect(statSync(path.join(dataDir, SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
      }
    },
    SLOW,
  );

  it(
    'verify exits 1 naming the organisation and first bad seq after an edit, and 0 again once restored',
    async () => {
      const original = await withDb(async (db) => {
        const { rows } = await db.query<{ action: string }>(
          'select action from public.audit_log where org_id = $1 and seq = 3',
          [A],
        );
        await tamper(db, (tx) =>
          tx.query(`update public.audit_log set action = 'quietly.changed' where org_id = $1 and seq = 3`, [A]),
        );
        return rows[0]!.action;
      });
      const res = await palisade(['audit', 'verify'], env());
      expect(res.code).toBe(1);
      expect(res.stdout).toContain(`BROKEN  audit_log      Acme Compliance ${A}  seq 3: edited`);
      const json = await palisade(['audit', 'verify', '--org', A, '--json'], env());
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).reports).toContainEqual(
        expect.objectContaining({
          orgId: A,
          chain: 'audit_log',
          broken: expect.objectContaining({ seq: 3, problem: 'edited' }),
        }),
      );
      await withDb((db) =>
        tamper(db, (tx) =>
          tx.query('update public.audit_log set action = $2 where org_id = $1 and seq = 3', [A, original]),
        ),
      );
      expect((await palisade(['audit', 'verify'], env())).code).toBe(0);
    },
    SLOW,
  );

  it(
    'verify exits 1 when the tail of an anchored chain is deleted',
    async () => {
      await withDb((db) =>
        tamper(db, (tx) =>
          tx.query(
            `delete from public.admin_actions where org_id = $1 and seq = (select max(seq) from public.admin_actions where org_id = $1)`,
            [A],
          ),
        ),
      );
      const res = await palisade(['audit', 'verify', '--org', A], env());
      expect(res.code).toBe(1);
      expect(res.stdout).toMatch(/BROKEN {2}admin_actions {2}Acme Compliance .* seq \d+: truncated/);
    },
    SLOW,
  );

  it(
    'bad usage exits 2 with a sentence saying what to fix',
    async () => {
      const res = await palisade(['audit', 'verify', '--org', 'acme'], env());
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('--org must be an organisation id');
      expect((await palisade(['audit', 'verify', '--from', '0'], env())).code).toBe(2);
    },
    SLOW,
  );
});
