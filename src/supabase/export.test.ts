import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../migrations/runner.ts';
import { tempDirs } from '../testing/files.ts';
import { register } from './cli.ts';
import { ExportError, exportSupabase, supabaseVersion } from './export.ts';

const tmp = tempDirs('palisade-export-');

describe('palisade export --supabase', () => {
  it('writes one Supabase CLI migration per Palisade migration, in order, each recording its name and checksum', () => {
    const dir = tmp();
    const migrations = loadMigrations();
    const files = exportSupabase(dir, migrations, { start: new Date(Date.UTC(2026, 11, 6, 23, 59, 58)) });
    const names = readdirSync(path.join(dir, 'supabase', 'migrations')).sort();
    expect(names.map((n) => path.join(dir, 'supabase', 'migrations', n))).toEqual(files);
    expect(names.slice(0, 3)).toEqual([
      '20261206235958_palisade_0001_roles.sql',
      '20261206235959_palisade_0002_auth_compat.sql',
      '20261207000000_palisade_0003_app_helpers.sql',
    ]);
    for (const [i, m] of migrations.entries()) {
      const text = readFileSync(files[i]!, 'utf8');
      expect(text).toContain(`values ('${m.name}', '${m.checksum}');`);
      expect(text.endsWith(m.sql)).toBe(true);
      expect(text.includes('create table if not exists palisade_meta.migrations')).toBe(i === 0);
    }
  });

  it('sets the login role in every file when one is named, and refuses a name that is not a role name', () => {
    const dir = tmp();
    const files = exportSupabase(dir, loadMigrations().slice(0, 2), { start: new Date(0), loginRole: 'acme_api' });
    for (const f of files)
      expect(readFileSync(f, 'utf8')).toContain(
        "select pg_catalog.set_config('palisade.login_role', 'acme_api', false);",
      );
    expect(() => exportSupabase(tmp(), loadMigrations(), { start: new Date(0), loginRole: "x'; drop" })).toThrow(
      ExportError,
    );
    // The same rule as PALISADE_LOGIN_ROLE and 0001_roles.sql: an API role cannot be the login role.
    expect(() => exportSupabase(tmp(), loadMigrations(), { start: new Date(0), loginRole: 'anon' })).toThrow(
      /other than anon, authenticated, service_role or platform_admin/,
    );
  });

  it('refuses a folder that already holds Palisade migrations, and writes nothing', () => {
    const dir = tmp();
    exportSupabase(dir, loadMigrations(), { start: new Date(0) });
    const before = readdirSync(path.join(dir, 'supabase', 'migrations')).length;
    expect(() => exportSupabase(dir, loadMigrations(), { start: new Date() })).toThrow(
      /already holds Palisade migrations/,
    );
    expect(readdirSync(path.join(dir, 'supabase', 'migrations')).length).toBe(before);
  });

  it('--help names the format, the options and the exit codes', () => {
    const program = new Command('palisade');
    register(program);
    let text = '';
    const cmd = program.commands.find((c) => c.name() === 'export')!;
    cmd.configureOutput({ writeOut: (s) => (text += s) });
    cmd.outputHelp();
    expect(text).toContain('supabase db push');
    expect(text).toContain('--login-role <name>');
    expect(text).toMatch(/Exit codes: 0 written, 1 .*, 2 bad usage/);
  });

  it('versions are 14 UTC digits', () => {
    expect(supabaseVersion(new Date(Date.UTC(2027, 0, 2, 3, 4, 5)))).toBe('20270102030405');
  });

  it('the command: exit 2 for a malformed --start, 0 written, 1 for a folder already exported', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [path.resolve('bin/palisade.js'), 'export', ...args], { encoding: 'utf8' });
    const dir = tmp();
    const bad = run(['--supabase', dir, '--start', '20261332000000']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--start must be a UTC time as YYYYMMDDHHMMSS');
    const ok = run(['--supabase', dir]);
    expect(ok.status, ok.stderr).toBe(0);
    const again = run(['--supabase', dir]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already holds Palisade migrations');
  }, 120_000);
});
