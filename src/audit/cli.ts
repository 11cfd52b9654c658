/** `palisade audit verify | anchor | key`: exit codes are the contract scripts and CI rely on. */
import type { Command } from 'commander';
import { action, EXIT, progress, withDatabase } from '../cli/util.ts';
import { ConfigError } from '../config/error.ts';
import type { Database } from '../db/types.ts';
import type { AnchorFile } from './anchors.ts';
import { PUBLIC_KEYS_ENV, SIGNING_KEY_ENV } from './key-env.ts';
import type { ChainReport } from './verify.ts';

// The chain and key modules load inside each action, so `palisade --help` does not load them.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseOrg(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!UUID.test(value)) throw new ConfigError(`--org must be an organisation id (a UUID), not "${value}".`);
  return value.toLowerCase();
}

function parseFrom(value: string | undefined): number {
  if (value === undefined) return 1;
  if (!/^[1-9][0-9]{0,15}$/.test(value))
    throw new ConfigError(`--from must be a positive whole number, not "${value}".`);
  return Number(value);
}

async function requireAuditSchema(db: Database) {
  const { rows } = await db.query<{ t: string | null }>(`select to_regclass('public.audit_log')::text as t`);
  if (!rows[0]?.t) throw new ConfigError(`${db.location} has no audit chains yet: run \`palisade migrate\` first.`);
}

const CHAIN_WIDTH = 'admin_actions'.length;

function describe(r: ChainReport): string {
  const org = `${r.orgName ?? '(deleted organisation)'} ${r.orgId}`;
  const chain = r.chain.padEnd(CHAIN_WIDTH);
  if (r.status === 'ok') {
    const range = r.entries ? `seq ${r.fromSeq}–${r.lastSeq}` : 'no entries';
    const anchored = r.anchors.heldAt !== null ? `, anchored through seq ${r.anchors.heldAt}` : '';
    return `ok      ${chain}  ${org}  ${range}${anchored}`;
  }
  const b = r.broken!;
  return `BROKEN  ${chain}  ${org}  seq ${b.seq}: ${b.problem} — ${b.detail}`;
}

export function register(program: Command) {
  const audit = program
    .command('audit')
    .description('tamper-evident audit chains: verify them, anchor their heads (docs/audit.md)');

  audit
    .command('verify')
    .description(
      'recompute every hash chain (audit_log and admin_actions, per organisation) and check it against the signed anchors',
    )
    .option('--org <id>', 'only this organisation')
    .option('--from <seq>', 'start at this seq, taking the previous entry on trust')
    .option('--anchors <file...>', 'also check against anchor files written by `palisade audit anchor --out`')
    .option('--no-db-anchors', 'ignore the anchors stored in the database (check only the given files)')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      `\nAnchor signatures are checked with the key in ${SIGNING_KEY_ENV} (embedded mode: the data dir's key file) and any public keys in ${PUBLIC_KEYS_ENV}.` +
        '\nExit codes: 0 every chain holds, 1 a chain is broken (the first bad seq of each is named), 2 bad usage or configuration.',
    )
    .action(
      action(async (opts: { org?: string; from?: string; anchors?: string[]; dbAnchors: boolean; json?: boolean }) => {
        const orgId = parseOrg(opts.org);
        const from = parseFrom(opts.from);
        const [{ readAnchorFile }, { trustedKeys }, { verifyChains }] = await Promise.all([
          import('./anchors.ts'),
          import('./keys.ts'),
          import('./verify.ts'),
        ]);
        let files: AnchorFile[];
        try {
          files = (opts.anchors ?? []).map(readAnchorFile);
        } catch (err) {
          throw new ConfigError((err as Error).message);
        }
        const keys = trustedKeys();
        return withDatabase(async (db) => {
          await requireAuditSchema(db);
          let bar = progress('verifying', 0);
          let shown = 0;
          const result = await verifyChains(db, {
            ...(orgId ? { orgId } : {}),
            from,
            keys,
            anchorFiles: files,
            databaseAnchors: opts.dbAnchors,
            onStart: (plan) => {
              bar = progress('verifying', plan.estimatedEntries ?? 0);
            },
            onProgress: (n) => {
              bar.tick(n - shown);
              shown = n;
            },
          });
          bar.stop();
          const unchecked = result.reports.reduce((n, r) => n + r.anchors.unchecked, 0);
          const warnings = [
            ...(keys.size === 0
              ? [
                  `no trusted anchor key: set ${SIGNING_KEY_ENV} or ${PUBLIC_KEYS_ENV} so anchor signatures are checked, not just compared`,
                ]
              : []),
            ...(unchecked && keys.size
              ? [`${unchecked} anchor(s) are signed by keys not in ${PUBLIC_KEYS_ENV}: compared but not authenticated`]
              : []),
          ];
          if (opts.json) {
            console.log(
              JSON.stringify(
                {
                  ok: result.ok,
                  entries: result.entries,
                  trustedKeys: [...keys.keys()],
                  warnings,
                  reports: result.reports,
                },
                null,
                2,
              ),
            );
          } else {
            for (const r of result.reports) console.log(describe(r));
            for (const w of warnings) console.error(`warning: ${w}`);
            const broken = result.reports.filter((r) => r.status === 'broken').length;
            console.log(
              broken
                ? `${broken} of ${result.reports.length} chain(s) broken (${result.entries} entries checked).`
                : `All ${result.reports.length} chain(s) hold (${result.entries} entries checked).`,
            );
          }
          return result.ok ? EXIT.ok : EXIT.failure;
        });
      }),
    );

  audit
    .command('anchor')
    .description('sign every chain head with the Ed25519 audit key and store the signatures (palisade_audit.anchors)')
    .option('--org <id>', 'only this organisation')
    .option('--out <file>', 'also write the signed heads to this JSON file: keep it where the database cannot reach')
    .addHelpText(
      'after',
      `\nKey: ${SIGNING_KEY_ENV} (base64 of a 32-byte Ed25519 seed, or a PKCS#8 PEM). In embedded mode one is generated into the data dir (mode 0600) when absent.` +
        '\nExit codes: 0 every head signed, 1 a chain could not be anchored (its tail is missing) or the run failed, 2 no key or bad usage.',
    )
    .action(
      action(async (opts: { org?: string; out?: string }) => {
        const orgId = parseOrg(opts.org);
        const [{ anchorChains }, { resolveSigningKey }] = await Promise.all([
          import('./anchors.ts'),
          import('./keys.ts'),
        ]);
        return withDatabase(async (db) => {
          await requireAuditSchema(db);
          const key = resolveSigningKey({ generate: true, warn: (m) => console.error(`warning: ${m}`) });
          if (!key)
            throw new ConfigError(
              `set ${SIGNING_KEY_ENV} to anchor a server database (\`palisade audit key --generate\` makes one).`,
            );
          const result = await anchorChains(db, {
            key,
            ...(orgId ? { orgId } : {}),
            ...(opts.out ? { out: opts.out } : {}),
          });
          for (const p of result.problems) console.error(`NOT ANCHORED  ${p.chain}  ${p.orgId}: ${p.detail}`);
          console.log(
            `Signed ${result.signed} chain head(s) with key ${result.keyId} at ${result.signedAt}; ${result.stored} new anchor(s) stored` +
              `${result.out ? `, written to ${result.out}` : ''}.`,
          );
          return result.problems.length ? EXIT.failure : EXIT.ok;
        });
      }),
    );

  audit
    .command('key')
    .description('show the audit signing key in use (id and public key), or generate a new one')
    .option('--generate', `print a new key for ${SIGNING_KEY_ENV} (nothing is stored)`)
    .option('--env', `with --generate: print it as an environment line, ${SIGNING_KEY_ENV}=<key>`)
    .addHelpText(
      'after',
      '\nWith --generate: the same form as `palisade vault keygen`, the bare value on stdout (NAME=value with --env); its key id and public key go to stderr.' +
        '\nExit codes: 0 shown or generated, 2 no key configured, the key is malformed, or bad usage.',
    )
    .action(
      action(async (opts: { generate?: boolean; env?: boolean }) => {
        if (opts.env && !opts.generate)
          throw new ConfigError('--env goes with --generate (it says how to print the new key).');
        const { generateSigningKeyValue, parseSigningKey, resolveSigningKey } = await import('./keys.ts');
        if (opts.generate) {
          const value = generateSigningKeyValue();
          const key = parseSigningKey(value, 'generated key');
          console.log(opts.env ? `${SIGNING_KEY_ENV}=${value}` : value);
          console.error(`key id ${key.keyId}; public key (for ${PUBLIC_KEYS_ENV}): ${key.publicKeyB64}`);
          return;
        }
        const key = resolveSigningKey();
        if (!key)
          throw new ConfigError(
            `no audit signing key: set ${SIGNING_KEY_ENV}, or run \`palisade audit anchor\` once in embedded mode.`,
          );
        console.log(`key id ${key.keyId} (from ${key.source})\npublic key ${key.publicKeyB64}`);
      }),
    );
}
