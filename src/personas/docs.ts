import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { embedMatrix, MATRIX_MARKERS } from './render.ts';

/** Every Markdown file under docs/ that embeds the generated persona matrix. */
export function matrixDocs(root = path.resolve('docs')): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.md') && readFileSync(p, 'utf8').includes(MATRIX_MARKERS.BEGIN)) found.push(p);
    }
  };
  walk(root);
  return found.sort();
}

/** Files whose embedded matrix differs from the data; with `write`, brings them up to date. */
export function staleMatrixDocs(opts: { write?: boolean; root?: string } = {}): string[] {
  const stale: string[] = [];
  for (const file of matrixDocs(opts.root)) {
    const doc = readFileSync(file, 'utf8');
    const fresh = embedMatrix(doc);
    if (fresh !== doc) {
      stale.push(file);
      if (opts.write) writeFileSync(file, fresh);
    }
  }
  return stale;
}
