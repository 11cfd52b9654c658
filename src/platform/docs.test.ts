import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../lint/rules.ts';
import { MATRIX_MARKERS, renderMatrix } from '../personas/render.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const spec = readFileSync(path.join(root, 'docs/architecture/tenancy.md'), 'utf8');

describe('docs/architecture/tenancy.md', () => {
  it('embeds the persona matrix exactly as rendered from src/personas/matrix.ts (run `npx palisade matrix --write`)', () => {
    const start = spec.indexOf(MATRIX_MARKERS.BEGIN);
    const end = spec.indexOf(MATRIX_MARKERS.END);
    expect(start, 'the matrix markers are missing').toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const block = spec.slice(start + MATRIX_MARKERS.BEGIN.length, end).trim();
    expect(block).toBe(renderMatrix().trim());
  });

  it('names every table of this module that the matrix covers', () => {
    for (const t of ['step_type_installs', 'rule_pack_installs', 'workflow_defs', 'workflow_def_steps'])
      expect(spec).toContain(t);
  });
});

describe('docs/lint.md', () => {
  it('documents every rule id and name the linter reports', () => {
    const doc = readFileSync(path.join(root, 'docs/lint.md'), 'utf8');
    for (const [id, rule] of Object.entries(RULES)) expect(doc, id).toContain(`| ${id} | \`${rule.name}\` |`);
  });
});
