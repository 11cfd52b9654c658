import { type Command, InvalidArgumentError } from 'commander';
import { action, EXIT, withDatabase } from '../cli/util.ts';
import { ConfigError } from '../config/error.ts';

// The vault's modules load inside each action, so `palisade --help` does not load them.
async function ring() {
  const [{ engineConfig }, { loadKeyRing }] = await Promise.all([import('../config/index.ts'), import('./keys.ts')]);
  const loaded = loadKeyRing(engineConfig());
  if (loaded.warning) console.error(`palisade: ${loaded.warning}`);
  return loaded;
}

function positiveInt(max: number) {
  return (raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(`must be a whole number from 1 to ${max}`);
    return n;
  };
}

export function register(program: Command) {
  const vault = program
    .command('vault')
    .description('the credential vault: AES-256-GCM keys (PALISADE_VAULT_KEYS, newest first) and their rotation');

  vault
    .command('rotate')
    .description('re-encrypt every secret not sealed with the newest key, in batches (safe to rerun after a crash)')
    .option('--batch-size <n>', 'secrets per transaction (1-10000)', positiveInt(10_000), 100)
    .addHelpText(
      'after',
      '\nPut the new key first in PALISADE_VAULT_KEYS (keep the old ones after it), run this, and drop a key once `vault status` shows no secret uses it.' +
        '\nExit codes: 0 every secret is on the newest key, 1 some could not be opened (listed; their key is missing or they were tampered with), 2 bad usage or configuration.',
    )
    .action(
      action(async (opts: { batchSize: number }) => {
        const { ring: keys, source } = await ring();
        const [{ progressReporter }, { rotateVault }] = await Promise.all([
          import('./progress.ts'),
          import('./rotate.ts'),
        ]);
        return withDatabase(async (db) => {
          const bar = progressReporter('re-encrypting');
          const summary = await rotateVault(db, keys, { batchSize: opts.batchSize, onProgress: bar.report }).finally(
            bar.stop,
          );
          console.log(`Vault on ${db.location}, keys from ${source}; newest key: ${summary.newestKeyId}.`);
          console.log(
            `  ${summary.pending} secret(s) were on older keys; re-encrypted ${summary.rotated} in ${summary.batches} batch(es).`,
          );
          for (const f of summary.failed) console.log(`  ✗ ${f.orgId}/${f.id} (key ${f.keyId}): ${f.reason}`);
          console.log(
            `  Secrets per key now: ${
              Object.entries(summary.perKey)
                .map(([k, n]) => `${k}=${n}`)
                .join(', ') || '(none)'
            }`,
          );
          if (summary.droppableKeyIds.length)
            console.log(
              `  No secret uses ${summary.droppableKeyIds.join(', ')} any more: remove it from the key ring.`,
            );
          return summary.failed.length ? EXIT.failure : EXIT.ok;
        });
      }),
    );

  vault
    .command('status')
    .description('how many secrets each key seals, and which keys the ring lacks or no longer needs')
    .addHelpText(
      'after',
      '\nExit codes: 0 every secret can be opened with the ring, 1 some are sealed with a key the ring lacks, 2 bad configuration.',
    )
    .action(
      action(async () => {
        const { ring: keys, source } = await ring();
        const [{ withService }, { secretsPerKey }] = await Promise.all([
          import('./elevate.ts'),
          import('./secrets.ts'),
        ]);
        return withDatabase(async (db) => {
          const per = await withService(db, secretsPerKey);
          console.log(`Keys from ${source} (newest first): ${keys.ids.join(', ')}`);
          let missing = 0;
          for (const [k, n] of per) {
            const note = !keys.has(k)
              ? 'NOT IN THE RING: these cannot be decrypted'
              : k === keys.newestId
                ? 'newest'
                : 'older: run `palisade vault rotate`';
            if (!keys.has(k)) missing += n;
            console.log(`  ${k}: ${n} secret(s) (${note})`);
          }
          const unused = keys.ids.filter((k) => k !== keys.newestId && !per.has(k));
          if (unused.length) console.log(`  Unused older keys, safe to remove: ${unused.join(', ')}`);
          return missing ? EXIT.failure : EXIT.ok;
        });
      }),
    );

  vault
    .command('keygen')
    .description('print a new key entry (kid:base64) to put first in PALISADE_VAULT_KEYS')
    .option('--env', 'print it as an environment line, PALISADE_VAULT_KEYS=kid:base64')
    .option('--add', 'embedded engine: put the new key first in the data dir key file instead of printing it')
    .addHelpText(
      'after',
      '\nThe same form as `palisade audit key --generate`: the bare value, or NAME=value with --env.' +
        '\nThe printed line is a secret: paste it into your secret store, not into a shell history or ticket.\nExit codes: 0 done, 2 bad usage.',
    )
    .action(
      action(async (opts: { add?: boolean; env?: boolean }) => {
        if (opts.add && opts.env)
          throw new ConfigError('--env prints the key and --add writes it to the key file: give one.');
        const { generateKeyEntry } = await import('./keyring.ts');
        const { id, entry } = generateKeyEntry();
        if (!opts.add) {
          console.log(opts.env ? `PALISADE_VAULT_KEYS=${entry}` : entry);
          return;
        }
        const [{ engineConfig }, { prependKeyToFile, vaultKeyFilePath }] = await Promise.all([
          import('../config/index.ts'),
          import('./keys.ts'),
        ]);
        const engine = engineConfig();
        if (engine.kind !== 'pglite') {
          console.error(
            'palisade: --add edits the embedded engine key file; with DATABASE_URL, put the printed key first in PALISADE_VAULT_KEYS.',
          );
          return EXIT.usage;
        }
        const file = vaultKeyFilePath(engine.dataDir);
        prependKeyToFile(file, entry);
        console.log(
          `Added key ${id} first in ${file}. Run \`palisade vault rotate\` to re-encrypt existing secrets with it.`,
        );
      }),
    );
}
