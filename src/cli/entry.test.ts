import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../migrations/runner.ts';
import { REPO_ROOT } from '../testing/files.ts';

/*
 * The shipped entry point: bin/palisade.js running the compiled dist/ (src/testing/build-dist.ts
 * rebuilds it when the sources changed). Start-up speed itself is measured by the bench
 * (cli_help_ms), not asserted here: what is asserted is the cause, that help loads no dependency
 * but commander, and that a packed copy of the package finds its SQL and runs.
 */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function node(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('PALISADE_')),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: opts.cwd, env: { ...env, ...opts.env }, timeout: 240_000 },
      (err, stdout, stderr) => {
        const code = err ? (err as { code?: unknown }).code : 0;
        resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
      },
    );
  });
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'palisade-entry-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('palisade --help', () => {
  // A module loader hook that writes down every module the process loads.
  const hooks = path.join(tmp, 'hooks.mjs');
  writeFileSync(
    hooks,
    "import { appendFileSync } from 'node:fs';\nlet file;\nexport function initialize(data) { file = data.file; }\n" +
      "export async function load(url, context, next) { appendFileSync(file, url + '\\n'); return next(url, context); }\n",
  );
  let n = 0;
  async function loadedBy(args: string[]): Promise<{ run: Run; packages: string[]; modules: string[] }> {
    const log = path.join(tmp, `loaded-${n++}.txt`);
    writeFileSync(log, '');
    const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { file: ${JSON.stringify(log)} } });`;
    const run = await node(
      ['--import', `data:text/javascript,${encodeURIComponent(register)}`, 'bin/palisade.js', ...args],
      { cwd: REPO_ROOT },
    );
    const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const packages = [
      ...new Set(modules.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter(Boolean)),
    ] as string[];
    return { run, packages, modules };
  }

  it('lists every command and loads no dependency but commander', async () => {
    const { run, packages, modules } = await loadedBy(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Commands:[\s\S]*migrate[\s\S]*vault/);
    expect(packages).toEqual(['commander']);
    expect(modules.some((u) => u.includes('/dist/cli/index.js'))).toBe(true);
    // No TypeScript at run time: the compiled modules, not the sources through a loader.
    expect(modules.filter((u) => u.endsWith('.ts'))).toEqual([]);
  });

  it("each command's --help is complete and loads no dependency but commander", async () => {
    const top = await node(['bin/palisade.js', '--help'], { cwd: REPO_ROOT });
    const commands = [...top.stdout.split('Commands:')[1]!.matchAll(/^ {2}([a-z-]+)/gm)]
      .map((m) => m[1]!)
      .filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['migrate', 'serve', 'lint', 'vault', 'audit']));
    const results = await Promise.all(commands.map(async (c) => ({ c, ...(await loadedBy([c, '--help'])) })));
    for (const { c, run, packages } of results) {
      expect({ c, code: run.code, usage: run.stdout.startsWith(`Usage: palisade ${c}`) }).toEqual({
        c,
        code: 0,
        usage: true,
      });
      expect({ c, packages }).toEqual({ c, packages: ['commander'] });
    }
    // A command with subcommands still lists them.
    const vault = results.find((r) => r.c === 'vault')!.run.stdout;
    expect(vault).toMatch(/rotate[\s\S]*status[\s\S]*keygen/);
  }, 240_000);
});

describe('the packed package', () => {
  let pkg: string;
  let files: string[];
  beforeAll(() => {
    // dist/ is current (build-dist.ts), so the pack runs no build of its own.
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    files = packed!.files.map((f) => f.path);
    execFileSync('tar', ['-xzf', path.join(tmp, packed!.filename), '-C', tmp]);
    pkg = path.join(tmp, 'package');
    // The runtime dependencies as an install would put them beside the package.
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(pkg, 'node_modules'), 'dir');
  }, 120_000);

  it('carries the compiled CLI and the migrations, not the TypeScript sources or tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/palisade.js',
        'dist/cli/index.js',
        'package.json',
        'dist/first-start/manifest.json',
        'dist/first-start/data/PG_VERSION',
      ]),
    );
    const sql = loadMigrations().map((m) => `src/${m.module}/sql/${m.name}`);
    expect(files).toEqual(expect.arrayContaining(sql));
    expect(files.filter((f) => f.startsWith('src/') && !f.endsWith('.sql'))).toEqual([]);
    expect(files.filter((f) => /\.test\.|^dist\/\.source-hash$/.test(f))).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
  });

  it('starts an empty data dir from its first-start image, although packing dropped the image’s empty folders', async () => {
    expect(files.some((f) => f.startsWith('dist/first-start/data/pg_tblspc'))).toBe(false);
    const data = path.join(tmp, 'first-start');
    const script = `
      const { openPglite } = await import(${JSON.stringify(path.join(pkg, 'dist/db/pglite.js'))});
      const { firstStartImage } = await import(${JSON.stringify(path.join(pkg, 'dist/seed/first-start.js'))});
      const notes = [];
      const db = await openPglite({ dataDir: ${JSON.stringify(data)}, firstStart: firstStartImage((l) => notes.push(l)) });
      const { rows } = await db.query('select count(*)::int as n from public.organisations');
      await db.close();
      console.log(JSON.stringify({ origin: db.origin, organisations: rows[0].n, notes }));`;
    const res = await node(['--input-type=module', '-e', script], { cwd: tmp, env: {} });
    expect(res.stderr).toBe('');
    expect(JSON.parse(res.stdout)).toEqual({
      origin: 'image',
      organisations: expect.any(Number),
      notes: ['Created the embedded database from the first-start image (dist/first-start), not initdb.'],
    });
    expect(existsSync(path.join(data, 'pg_tblspc'))).toBe(true);
  }, 120_000);

  it('migrates an embedded database from its own folder', async () => {
    const data = path.join(tmp, 'data');
    const bin = path.join(pkg, 'bin', 'palisade.js');
    const env = { PALISADE_DATA_DIR: data };
    const migrated = await node([bin, 'migrate'], { cwd: tmp, env });
    expect(migrated.stderr).toBe('');
    expect(migrated.stdout).toContain(`Applied ${loadMigrations().length} migration(s) to ${data}.`);
    expect(migrated.code).toBe(0);
    const status = await node([bin, 'migrate', '--status'], { cwd: tmp, env });
    expect(status.stdout).toContain(`${loadMigrations().length} applied, 0 pending`);
    expect(readdirSync(data)).toContain('PG_VERSION');
  }, 300_000);
});
