import { withPrincipal } from '../db/principal.ts';
import type { Database, Queryable } from '../db/types.ts';
import { createEgressClient, type EgressClient, EgressError } from '../net/egress.ts';
import { VaultError } from '../vault/cipher.ts';
import { type Redacted, scrub, stringsIn } from '../vault/redacted.ts';
import { proveCanManage } from './access.ts';
import { type Caller, type CredentialsContext, loadCredentials } from './credentials.ts';
import { integrationTypes } from './registry.ts';
import type { IntegrationRow } from './rows.ts';
import { checkIds } from './service.ts';
import type { AnyIntegrationType, TestResult } from './types/define.ts';
import { configProblems, credentialsProblems } from './validate.ts';

const MAX_MESSAGE = 500;

/**
 * Runs a type's testConnection with everything around it that no type should have to get right:
 * config and credentials validated first, egress errors turned into results, a deadline, and every
 * message scrubbed of every credential string (a remote system may echo what it was sent).
 */
export async function runConnectionTest(
  type: AnyIntegrationType,
  config: unknown,
  credentials: unknown,
  http: EgressClient,
): Promise<TestResult> {
  const secrets = stringsIn(credentials);
  const clean = (r: TestResult): TestResult => ({ ...r, message: scrub(r.message, secrets).slice(0, MAX_MESSAGE) });
  const configIssues = configProblems(type, config, true);
  if (configIssues.length) {
    const p = configIssues[0]!;
    return { ok: false, code: 'misconfigured', message: `config ${p.path} ${p.message}` };
  }
  const credIssues = credentialsProblems(type, credentials);
  if (credIssues.length) {
    const p = credIssues[0]!;
    return {
      ok: false,
      code: 'misconfigured',
      message: `the stored credentials do not fit ${type.label}: ${p.path} ${p.message}`,
    };
  }
  try {
    return clean(
      await type.testConnection({
        config: type.config.parse(config),
        credentials: type.credentials.parse(credentials),
        http,
      }),
    );
  } catch (err) {
    if (err instanceof EgressError) {
      const code =
        err.code === 'blocked_address'
          ? 'blocked'
          : err.code === 'timeout'
            ? 'timeout'
            : err.code === 'invalid_url'
              ? 'misconfigured'
              : 'unreachable';
      return clean({ ok: false, code, message: err.message });
    }
    // A bug in a type must not leak what it was holding: report the kind of error only.
    return {
      ok: false,
      code: 'unexpected_response',
      message: `${type.label} test failed unexpectedly (${(err as Error)?.name ?? 'error'})`,
    };
  }
}

export interface PreparedTest {
  row: IntegrationRow;
  type: AnyIntegrationType;
  /** Present when there is nothing to call: no credentials, or they cannot be decrypted. */
  precheck?: TestResult;
  credentials?: Redacted<unknown>;
}

/** Step 1, inside the caller's transaction: prove the right to manage, then load the credentials. */
export async function prepareConnectionTest(
  tx: Queryable,
  ctx: CredentialsContext,
  caller: Caller,
  orgId: string,
  id: string,
): Promise<PreparedTest> {
  checkIds(orgId, id);
  const row = await proveCanManage(tx, orgId, id);
  const type = (ctx.registry ?? integrationTypes).require(row.type_key, 'type');
  try {
    const credentials = await loadCredentials(tx, ctx.ring, caller, row);
    if (!credentials)
      return {
        row,
        type,
        precheck: { ok: false, code: 'misconfigured', message: 'no credentials are stored: PUT …/credentials first' },
      };
    return { row, type, credentials };
  } catch (err) {
    if (!(err instanceof VaultError)) throw err;
    return {
      row,
      type,
      precheck: {
        ok: false,
        code: 'misconfigured',
        message: 'the stored credentials cannot be decrypted with the current vault keys: store them again',
      },
    };
  }
}

/** Step 2, outside any transaction: a slow remote system must hold neither a row lock nor the embedded engine. */
export async function executeConnectionTest(
  prepared: PreparedTest,
  http: EgressClient = createEgressClient(),
): Promise<TestResult> {
  if (prepared.precheck) return prepared.precheck;
  return runConnectionTest(prepared.type, prepared.row.config, prepared.credentials!.reveal(), http);
}

/** Step 3, in a new transaction as the caller: remember when it was tested and whether it worked. */
export async function recordConnectionTest(tx: Queryable, row: IntegrationRow, result: TestResult): Promise<string> {
  const { rows } = await tx.query<{ last_tested_at: Date }>(
    `update public.organisation_integrations set last_tested_at = now(), last_test_ok = $3
     where org_id = $1 and id = $2 returning last_tested_at`,
    [row.org_id, row.id, result.ok],
  );
  return (rows[0] ? new Date(rows[0].last_tested_at) : new Date()).toISOString();
}

/** The three steps for callers outside the HTTP server. */
export async function testIntegration(
  db: Database,
  ctx: CredentialsContext & { egress?: EgressClient },
  caller: Caller,
  orgId: string,
  id: string,
): Promise<{ result: TestResult; testedAt: string }> {
  const prepared = await withPrincipal(db, caller, (tx) => prepareConnectionTest(tx, ctx, caller, orgId, id));
  const result = await executeConnectionTest(prepared, ctx.egress);
  const testedAt = await withPrincipal(db, caller, (tx) => recordConnectionTest(tx, prepared.row, result));
  return { result, testedAt };
}
