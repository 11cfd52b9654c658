import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../db/pglite.ts';

const cli = (args: string[], env: Record<string, string>, input?: string) =>
  spawnSync(process.execPath, ['bin/palisade.js', ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
    input: input ?? '',
  });

/** `script` gives the command a terminal, so the interactive confirmation can be answered. */
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const onTerminal = (env: Record<string, string>, answer: string) =>
  spawnSync(
    'sh',
    ['-c', `(sleep 4; echo ${answer}) | script -qec "${process.execPath} bin/palisade.js reset" /dev/null`],
    {
      env: { ...process.env, DATABASE_URL: '', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );

describe('palisade reset', () => {
  const root = `${process.cwd()}/.tmp/reset-${randomBytes(4).toString('hex')}`;

  /** A real embedded data dir whose ledger holds a migration of the pre-baseline chain. */
  async function preBaselineDataDir(name: string): Promise<string> {
    const dir = `${root}/${name}`;
    const db = await openPglite({ dataDir: dir });
    await db.exec(`
      create schema palisade_meta;
      create table palisade_meta.migrations (name text primary key, checksum text not null, applied_at timestamptz not null default now());
      insert into palisade_meta.migrations (name, checksum) values ('0013_workspaces.sql', 'x');`);
    await db.close();
    return dir;
  }

  beforeAll(() => mkdirSync(root, { recursive: true }));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a changed pre-1.0 data dir is refused in one sentence naming `palisade reset`; reset --yes deletes it; a second reset has nothing to do', async () => {
    const dir = await preBaselineDataDir('stale');
    const env = { PALISADE_DATA_DIR: dir };

    const status = cli(['migrate', '--status'], env);
    expect(status.status).toBe(1);
    expect(status.stderr.trim().split('\n')).toHaveLength(1);
    expect(status.stderr).toMatch(
      /^palisade: the embedded database .* holds a pre-1\.0 Palisade schema that has since changed \(it has migration 0013_workspaces\.sql, which this code does not have\), and pre-1\.0 schemas are not upgraded in place: run `palisade reset` to delete the embedded data dir \(and its data\), then `palisade migrate`\.$/m,
    );

    // Open in another process (here, this one): refused naming the holder, nothing deleted.
    const open = await openPglite({ dataDir: dir });
    const busy = cli(['reset', '--yes'], env);
    await open.close();
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain(`palisade: the embedded database in ${dir} is in use by process ${process.pid}`);
    expect(existsSync(`${dir}/PG_VERSION`)).toBe(true);

    // No terminal and no --yes: refused as bad usage, nothing deleted.
    const unconfirmed = cli(['reset'], env);
    expect(unconfirmed.status).toBe(2);
    expect(unconfirmed.stderr).toContain('pass --yes');
    expect(existsSync(`${dir}/PG_VERSION`)).toBe(true);

    const reset = cli(['reset', '--yes'], env);
    expect(reset.status, reset.stderr).toBe(0);
    expect(reset.stdout).toContain(`Deleted the embedded database in ${dir}.`);
    expect(existsSync(dir)).toBe(false);

    const again = cli(['reset', '--yes'], env);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Nothing to reset');
  }, 120_000);

  it.runIf(hasScript)(
    'on a terminal, only the answer "yes" deletes',
    async () => {
      const dir = await preBaselineDataDir('interactive');
      const env = { PALISADE_DATA_DIR: dir };
      const no = onTerminal(env, 'no');
      expect(no.status, no.stdout).toBe(1);
      expect(no.stdout).toContain('Type "yes" to confirm');
      expect(no.stdout).toContain('Not confirmed: nothing was deleted.');
      expect(existsSync(`${dir}/PG_VERSION`)).toBe(true);
      const yes = onTerminal(env, 'yes');
      expect(yes.status, yes.stdout).toBe(0);
      expect(existsSync(dir)).toBe(false);
    },
    120_000,
  );

  it('refuses a PostgreSQL server (exit 2, drop and recreate it yourself) and a folder that is not a data dir (exit 1)', () => {
    const server = cli(['reset', '--yes'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(server.status).toBe(2);
    expect(server.stderr).toMatch(
      /DATABASE_URL points at a PostgreSQL server: drop and recreate that database yourself/,
    );

    const notData = `${root}/not-a-data-dir`;
    mkdirSync(notData, { recursive: true });
    writeFileSync(`${notData}/keep.txt`, 'precious');
    const refused = cli(['reset', '--yes'], { PALISADE_DATA_DIR: notData });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('is not an embedded database (it has no PG_VERSION file)');
    expect(existsSync(`${notData}/keep.txt`)).toBe(true);
  }, 60_000);

  it('--help exits 0 and names the exit codes; an unknown flag exits 2', () => {
    const help = cli(['reset', '--help'], {});
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(
      'Exit codes: 0 deleted or nothing to delete, 1 refused or not confirmed, 2 bad usage',
    );
    expect(cli(['reset', '--bogus'], {}).status).toBe(2);
  });
});
