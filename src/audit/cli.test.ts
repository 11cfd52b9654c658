/**
 * `palisade audit verify|anchor` as an operator runs them: a subprocess against a real database,
 * judged by exit code and output (src/testing/cli.ts: the server's URL, or an embedded data dir).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { palisade, useCliDatabase } from '../testing/cli.ts';
import { describeEngines } from '../testing/engines.ts';
import { parseKeyRing } from '../vault/keyring.ts';
import { generateSigningKeyValue, parseSigningKey, SIGNING_KEY_FILE } from './keys.ts';
import { tamper } from './test-helpers.ts';

/** Each test starts a few Node processes, each opening the database: generous, never a timing claim. */
const SLOW = 120_000;
const A = DEMO.orgs.a.id;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'palisade-audit-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describeEngines('palisade audit (CLI)', (ctx) => {
  const cliDb = useCliDatabase(ctx);
  const signingKey = generateSigningKeyValue();
  // The server has nowhere to keep a generated key: it is given one. Embedded, the CLI makes its own.
  const env = (): NodeJS.ProcessEnv =>
    ctx.engine === 'postgres' ? { ...cliDb.env, PALISADE_AUDIT_SIGNING_KEY: signingKey } : cliDb.env;
  const withDb = cliDb.withDb;

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
        expect(statSync(path.join(cliDb.dataDir!, SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
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

describe('key generators (no database)', () => {
  it(
    'vault keygen and audit key --generate print in the same form: the bare value, or NAME=value with --env',
    async () => {
      const [vault, audit, vaultEnv, auditEnv] = await Promise.all([
        palisade(['vault', 'keygen'], {}),
        palisade(['audit', 'key', '--generate'], {}),
        palisade(['vault', 'keygen', '--env'], {}),
        palisade(['audit', 'key', '--generate', '--env'], {}),
      ]);
      for (const r of [vault, audit, vaultEnv, auditEnv]) expect(r.code, r.stderr).toBe(0);
      // One line on stdout, and it is what the variable takes.
      expect(vault.stdout).toMatch(/^k\d{8}[0-9a-f]{6}:[A-Za-z0-9+/]{43}=\n$/);
      expect(audit.stdout).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
      expect(parseKeyRing(vault.stdout.trim()).ids).toHaveLength(1);
      expect(parseSigningKey(audit.stdout.trim(), 'printed key').keyId).toBeTruthy();
      expect(vaultEnv.stdout).toMatch(/^PALISADE_VAULT_KEYS=k\d{8}[0-9a-f]{6}:[A-Za-z0-9+/]{43}=\n$/);
      expect(auditEnv.stdout).toMatch(/^PALISADE_AUDIT_SIGNING_KEY=[A-Za-z0-9+/]{43}=\n$/);
      // What is not the value goes to stderr, so `$(…)` captures the key alone.
      expect(audit.stderr).toMatch(/^key id \S+; public key \(for PALISADE_AUDIT_PUBLIC_KEYS\): /);
    },
    SLOW,
  );

  it(
    'refuses --env where it means nothing, exit 2',
    async () => {
      const [audit, vault] = await Promise.all([
        palisade(['audit', 'key', '--env'], {}),
        palisade(['vault', 'keygen', '--env', '--add'], {}),
      ]);
      expect(audit.code).toBe(2);
      expect(audit.stderr).toContain('--env goes with --generate');
      expect(vault.code).toBe(2);
      expect(vault.stderr).toContain('--env prints the key and --add writes it');
    },
    SLOW,
  );
});
