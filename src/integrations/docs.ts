import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MATRIX } from '../personas/matrix.ts';
import { embedMatrix, MATRIX_MARKERS } from '../personas/render.ts';
import { INTEGRATION_TABLES } from './matrix.ts';

/**
 * docs/integration-foundation/security-model.md embeds the persona matrix rows of this module's
 * tables (rendered by src/personas/render.ts from src/personas/matrix.ts, the data the persona
 * test proves against the live database). The block has markers of its own: the core's
 * `palisade matrix --write` fills its markers with the whole matrix, which would push this page
 * past its 300 lines. Refresh with `npx tsx src/integrations/docs.ts --write`; a test fails when stale.
 */
export const SECURITY_MODEL = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../docs/integration-foundation/security-model.md',
);

const INTEGRATION_MATRIX_MARKERS = {
  BEGIN:
    '<!-- integration-matrix:begin (generated from src/personas/matrix.ts by `npx tsx src/integrations/docs.ts --write`; do not edit) -->',
  END: '<!-- integration-matrix:end -->',
};

function integrationMatrixEntries() {
  return MATRIX.filter((e) => (INTEGRATION_TABLES as readonly string[]).includes(e.table));
}

/** The document with its block re-rendered, through the core's own embedMatrix. */
export function embedIntegrationMatrix(doc: string): string {
  const { BEGIN, END } = INTEGRATION_MATRIX_MARKERS;
  if (!doc.includes(BEGIN) || !doc.includes(END))
    throw new Error('security-model.md lost its integration-matrix markers');
  const swapped = doc.replace(BEGIN, MATRIX_MARKERS.BEGIN).replace(END, MATRIX_MARKERS.END);
  return embedMatrix(swapped, integrationMatrixEntries())
    .replace(MATRIX_MARKERS.BEGIN, BEGIN)
    .replace(MATRIX_MARKERS.END, END);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes('--write')) {
  const doc = readFileSync(SECURITY_MODEL, 'utf8');
  const fresh = embedIntegrationMatrix(doc);
  writeFileSync(SECURITY_MODEL, fresh);
  console.log(fresh === doc ? 'security-model.md already current.' : 'security-model.md updated.');
}
