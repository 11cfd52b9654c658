import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isLoginRoleName, LOGIN_ROLE_RULE } from '../config/index.ts';
import { META_TABLE_SQL, type Migration } from '../migrations/runner.ts';

/** Supabase CLI migration versions: 14 digits, YYYYMMDDHHMMSS (UTC). */
export function supabaseVersion(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

const VERSION = /^\d{14}$/;

export class ExportError extends Error {
  override name = 'ExportError';
}

export interface ExportOptions {
  /** The first file's version; each next file is one second later. */
  start: Date;
  /** PALISADE_LOGIN_ROLE for the login role the migrations create; default palisade_login. */
  loginRole?: string;
}

/**
 * One Supabase CLI migration per Palisade migration, in order, so `supabase db push` applies them.
 * Each file records itself in palisade_meta.migrations (name and checksum of the original file)
 * before its SQL, as `palisade migrate` does, so the server's /readyz and a later `palisade migrate`
 * see exactly what was applied. Returns the paths written.
 */
export function exportSupabase(projectDir: string, migrations: Migration[], opts: ExportOptions): string[] {
  if (opts.loginRole !== undefined && !isLoginRoleName(opts.loginRole)) {
    throw new ExportError(`login role ${LOGIN_ROLE_RULE}, not "${opts.loginRole}"`);
  }
  const dir = path.join(projectDir, 'supabase', 'migrations');
  if (existsSync(dir)) {
    const earlier = readdirSync(dir).filter((f) => /^\d{14}_palisade_/.test(f));
    if (earlier.length) {
      throw new ExportError(
        `${dir} already holds Palisade migrations (${earlier[0]}${earlier.length > 1 ? ` and ${earlier.length - 1} more` : ''}): before 1.0 a schema is recreated, not upgraded, so remove them (and reset the project's database) before exporting again`,
      );
    }
  }
  const first = opts.start.getTime();
  const versions = migrations.map((_, i) => supabaseVersion(new Date(first + i * 1000)));
  if (!versions.every((v) => VERSION.test(v))) throw new ExportError('the start time gives no 14-digit version');
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [i, m] of migrations.entries()) {
    const file = path.join(dir, `${versions[i]}_palisade_${m.name.replace(/\.sql$/, '')}.sql`);
    const head = [
      `-- Palisade ${m.module}/sql/${m.name}, exported by \`palisade export --supabase\`. Do not edit: the`,
      `-- checksum below must match the file it came from, or \`palisade migrate\` and /readyz refuse it.`,
      ...(opts.loginRole ? [`select pg_catalog.set_config('palisade.login_role', '${opts.loginRole}', false);`] : []),
      ...(i === 0 ? [META_TABLE_SQL.trim()] : []),
      `insert into palisade_meta.migrations (name, checksum) values ('${m.name}', '${m.checksum}');`,
      '',
    ];
    writeFileSync(file, `${head.join('\n')}\n${m.sql}`, { flag: 'wx' });
    written.push(file);
  }
  return written;
}
