import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEngines } from '../testing/engines.ts';
import { embedIntegrationMatrix, embedMappingSources, FIELD_MAPPINGS, SECURITY_MODEL } from './docs.ts';
import { INTEGRATION_TABLES } from './matrix.ts';
import { integrationTypes } from './registry.ts';

/**
 * The integration foundation's docs are held to the code: each page stays under 300 lines, the
 * RLS matrix is the persona matrix's, the policies named are the live ones, every ```ts block
 * compiles against the real sources with the project's settings, and every diff matches the
 * code it claims to change.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const FOUNDATION = [
  'schema-reference.md',
  'security-model.md',
  'extending-integration-types.md',
  'field-mappings-evolution.md',
  'sync-runtime.md',
].map((f) => path.join(ROOT, 'docs/integration-foundation', f));
const DOCS = [...FOUNDATION, path.join(ROOT, 'docs/vault.md')];
const read = (f: string) => readFileSync(f, 'utf8');

interface Block {
  doc: string;
  lang: string;
  /** 1-based line of the first line inside the fence. */
  line: number;
  body: string;
}

function blocks(doc: string): Block[] {
  const out: Block[] = [];
  const lines = read(doc).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== '```') end++;
    out.push({ doc, lang: open[1]!, line: start + 1, body: lines.slice(start, end).join('\n') });
    i = end;
  }
  return out;
}

const FILE_MARKER = /^\/\/ file: (\S+\.ts)\n/;

describe('integration foundation docs', () => {
  it('are five pages under docs/integration-foundation, each under 300 lines, and a short vault page', () => {
    for (const f of FOUNDATION) expect(read(f).split('\n').length, path.basename(f)).toBeLessThan(300);
    expect(read(path.join(ROOT, 'docs/vault.md')).split('\n').length).toBeLessThan(120);
  });

  it('embed the current persona matrix rows of the integration tables (refresh: npx tsx src/integrations/docs.ts --write)', () => {
    const doc = read(SECURITY_MODEL);
    expect(embedIntegrationMatrix(doc)).toBe(doc);
    for (const t of INTEGRATION_TABLES) expect(doc).toContain(`| \`${t}\` | select |`);
  });

  it('list the mapping sources as mappings/sources.ts defines them (refresh: npx tsx src/integrations/docs.ts --write)', () => {
    const doc = read(FIELD_MAPPINGS);
    expect(embedMappingSources(doc)).toBe(doc);
    for (const source of integrationTypes.sourcePaths) expect(doc).toContain(`| \`${source}\` |`);
  });

  it('list no integration types: the registry is the list, so adding a type changes no page', () => {
    const keys = integrationTypes.keys();
    const lists = DOCS.flatMap((f) =>
      read(f)
        .split('\n')
        .map((line, i) => ({
          at: `${path.relative(ROOT, f)}:${i + 1}`,
          n: keys.filter((k) => line.includes(`\`${k}\``)).length,
        }))
        .filter((l) => l.n >= 3)
        .map((l) => l.at),
    );
    expect(lists).toEqual([]);
  });

  it('state the vault contract as a numbered lifecycle with a never-store warning', () => {
    const doc = read(SECURITY_MODEL);
    expect(doc).toMatch(/^> ⚠️ WARNING: never store/m);
    const contract = doc.slice(doc.indexOf('## The vault contract'), doc.indexOf('## Outbound calls'));
    expect(contract.match(/^\d\. \*\*/gm)?.length).toBeGreaterThanOrEqual(6);
  });

  it('say that a CRM-style integration_connections table is this same table', () => {
    expect(read(FOUNDATION[0]!)).toMatch(/`integration_connections` table .* is this same table/);
  });

  it('compile: every ```ts block type-checks against the sources with the project settings', () => {
    // Each block is written where it says it lives (`// file: …`), in a scratch tree that
    // tsconfig's rootDirs overlays on the repository, so its relative imports reach the real modules.
    const dir = path.join(ROOT, '.tmp', `doc-snippets-${process.pid}-${randomBytes(3).toString('hex')}`);
    const where = new Map<string, Block>();
    try {
      for (const b of DOCS.flatMap(blocks).filter((x) => x.lang === 'ts')) {
        const declared =
          FILE_MARKER.exec(b.body)?.[1] ?? `src/integrations/examples/${path.basename(b.doc, '.md')}-${b.line}.ts`;
        let file = path.join(dir, declared);
        for (let n = 2; where.has(file); n++) file = path.join(dir, declared.replace(/\.ts$/, `.${n}.ts`));
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, b.body);
        where.set(file, b);
      }
      expect(where.size).toBeGreaterThanOrEqual(8);
      writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          extends: path.join(ROOT, 'tsconfig.json'),
          compilerOptions: { rootDirs: [ROOT, dir], noEmit: true },
          include: ['**/*.ts'],
        }),
      );
      let output = '';
      try {
        execFileSync(
          path.join(ROOT, 'node_modules/.bin/tsc'),
          ['-p', path.join(dir, 'tsconfig.json'), '--pretty', 'false'],
          { cwd: ROOT, stdio: 'pipe' },
        );
      } catch (err) {
        output = String((err as { stdout?: Buffer }).stdout ?? err);
      }
      // Report snippet errors at their place in the docs; errors in other files are not the docs' fault.
      const errors = output
        .split('\n')
        .map((l) => /^(.+?\.ts)\((\d+),\d+\): (error .*)$/.exec(l.trim()))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ file: path.resolve(ROOT, m[1]!), line: Number(m[2]), message: m[3]! }))
        .filter((e) => where.has(e.file))
        .map(
          (e) => `${path.relative(ROOT, where.get(e.file)!.doc)}:${where.get(e.file)!.line + e.line - 1}: ${e.message}`,
        );
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('diffs match the code they change: the ts blocks before and after, or the file in the repository', () => {
    const all = DOCS.flatMap(blocks);
    const diffs = all.filter((b) => b.lang === 'diff');
    expect(diffs.length).toBeGreaterThanOrEqual(1);
    for (const d of diffs) {
      const lines = d.body.split('\n');
      const target = /^--- a\/(\S+)$/.exec(lines[0] ?? '')?.[1];
      expect(target, `${d.doc}:${d.line} needs a "--- a/<path>" header`).toBeTruthy();
      const body = lines.slice(2);
      const before = body.filter((l) => !l.startsWith('+')).map((l) => l.slice(1));
      const after = body.filter((l) => !l.startsWith('-')).map((l) => l.slice(1));
      const versions = all
        .filter((b) => b.lang === 'ts' && FILE_MARKER.exec(b.body)?.[1] === target)
        .map((b) => b.body.replace(FILE_MARKER, ''));
      if (versions.length >= 2) {
        expect(before.join('\n'), `${target}: the diff's old side`).toBe(versions[0]!.trimEnd());
        expect(after.join('\n'), `${target}: the diff's new side`).toBe(versions[1]!.trimEnd());
      } else {
        const real = path.join(ROOT, target!);
        expect(existsSync(real), target).toBe(true);
        expect(read(real), `${target} must contain the diff's old side`).toContain(before.join('\n'));
      }
    }
  });
});

describeEngines('integration foundation docs against the live database', (ctx) => {
  it('name every policy on the integration tables and the vault, as it is called in the database', async () => {
    const { rows } = await ctx.db.query<{ tablename: string; policyname: string }>(
      `select tablename, policyname from pg_policies
       where (schemaname, tablename) in (('public', 'organisation_integrations'), ('public', 'integration_notifications'), ('palisade_vault', 'secrets'))`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const doc = read(SECURITY_MODEL);
    expect(
      rows.filter((r) => !doc.includes(`| ${r.policyname} |`)).map((r) => `${r.tablename}: ${r.policyname}`),
    ).toEqual([]);
  });
});
