import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MATRIX } from '../personas/matrix.ts';
import { embedMatrix, MATRIX_MARKERS } from '../personas/render.ts';
import { MAPPING_SOURCES } from './mappings/sources.ts';
import { INTEGRATION_TABLES } from './matrix.ts';

/**
 * Two blocks of docs/integration-foundation/ are rendered from data, between markers, and
 * refreshed with `npx tsx src/integrations/docs.ts --write` (a test fails when either is stale):
 * - security-model.md embeds the persona matrix rows of this module's tables (rendered by
 *   src/personas/render.ts from src/personas/matrix.ts, the data the persona test proves against
 *   the live database). Its markers are its own: the core's `palisade matrix --write` fills its
 *   markers with the whole matrix, which would push this page past its 300 lines.
 * - field-mappings-evolution.md lists the mapping sources (mappings/sources.ts).
 * Integration types are listed by no page: the registry (types/index.ts) and GET
 * /v1/integration-types are the list, so adding a type changes no document.
 */
const FOUNDATION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/integration-foundation');
export const SECURITY_MODEL = path.join(FOUNDATION, 'security-model.md');
export const FIELD_MAPPINGS = path.join(FOUNDATION, 'field-mappings-evolution.md');

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

const SOURCES_MARKERS = {
  BEGIN:
    '<!-- mapping-sources:begin (generated from src/integrations/mappings/sources.ts by `npx tsx src/integrations/docs.ts --write`; do not edit) -->',
  END: '<!-- mapping-sources:end -->',
};

/** The mapping sources as a Markdown table: a row per record, then its fields. */
function sourcesTable(): string {
  const rows = MAPPING_SOURCES.flatMap((r) => [
    `| **\`${r.record}\`** | | ${r.description} |`,
    ...r.fields.map((f) => `| \`${r.record}.${f.name}\` | ${f.type} | ${f.description} |`),
  ]);
  return ['| source | type | what |', '|---|---|---|', ...rows].join('\n');
}

/** The document with its mapping-sources block re-rendered. */
export function embedMappingSources(doc: string): string {
  const { BEGIN, END } = SOURCES_MARKERS;
  const from = doc.indexOf(BEGIN);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error('field-mappings-evolution.md lost its mapping-sources markers');
  return `${doc.slice(0, from + BEGIN.length)}\n${sourcesTable()}\n${doc.slice(to)}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes('--write')) {
  for (const [file, embed] of [
    [SECURITY_MODEL, embedIntegrationMatrix],
    [FIELD_MAPPINGS, embedMappingSources],
  ] as const) {
    const doc = readFileSync(file, 'utf8');
    const fresh = embed(doc);
    writeFileSync(file, fresh);
    console.log(`${path.basename(file)} ${fresh === doc ? 'already current' : 'updated'}.`);
  }
}
