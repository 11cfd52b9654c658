import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'palisade-lint-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function palisade(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'bin/palisade.js'), ...args],
      { cwd: tmp, env: { ...process.env, DATABASE_URL: '' } },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

function plant(name: string, text: string) {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return name;
}

describe('the palisade lint command', () => {
  it('a planted org_id IS NULL policy exits 1 naming the rule and its position', async () => {
    const file = plant(
      '0099_planted.sql',
      `create table if not exists public.notes (org_id uuid not null, id uuid not null, primary key (org_id, id));
alter table public.notes enable row level security;
create policy "global" on public.notes for select using (org_id is null);
`,
    );
    const r = await palisade(['lint', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('0099_planted.sql:3:58  PAL001 null-tenant-gate');
  }, 30_000);

  it('a planted table with RLS left off exits 1, and --json carries the rule id and position', async () => {
    const file = plant('0098_no_rls.sql', `create table public.open_table (id uuid primary key);\n`);
    const r = await palisade(['lint', '--json', file]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      findings: { rule: string; name: string; location: unknown }[];
    };
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'PAL002',
        name: 'rls-disabled',
        location: { file: '0098_no_rls.sql', line: 1, col: 14 },
      }),
    ]);
  }, 30_000);

  it('a client file inserting into platform.rule_packs exits 1', async () => {
    plant('app.js', `export const go = (sb) => sb.from('platform.rule_packs').insert({ name: 'x' });\n`);
    const r = await palisade(['lint', '--client', 'app.js']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('app.js:1:58  PAL009 client-platform-write');
  }, 30_000);

  it('a source file putting a request field into SQL text exits 1 naming PAL011; one sending it as a parameter exits 0', async () => {
    plant(
      'route.ts',
      `declare const app: { get(p: string, h: (req: { query: { q: string } }) => Promise<unknown>): void };
declare const db: { query(sql: string, params?: unknown[]): Promise<unknown> };
app.get('/x', (req) => db.query(\`select * from notes where title = '\${req.query.q}'\`));
`,
    );
    const bad = await palisade(['lint', '--source', 'route.ts']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('route.ts:3:33  PAL011 client-text-in-sql');
    expect(bad.stdout).toContain('1 source file(s) (1 calls sending SQL text)');
    plant(
      'route.ts',
      `declare const app: { get(p: string, h: (req: { query: { q: string } }) => Promise<unknown>): void };
declare const db: { query(sql: string, params?: unknown[]): Promise<unknown> };
app.get('/x', (req) => db.query('select * from notes where title = $1', [req.query.q]));
`,
    );
    const good = await palisade(['lint', '--source', 'route.ts']);
    expect(good.stdout).toContain('palisade lint: no findings in 1 source file(s) (1 calls sending SQL text)');
    expect(good.code).toBe(0);
  }, 60_000);

  it('a path that does not exist is a usage error (exit 2), not a pass', async () => {
    const r = await palisade(['lint', 'missing.sql']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file or directory');
  }, 30_000);
});
