import { MATRIX, type MatrixEntry, type Operation } from './matrix.ts';
import { PERSONA_IDS, PERSONAS } from './personas.ts';

const SHORT: Record<string, string> = {
  own: 'own',
  none: '∅',
  all: 'all',
  published: 'pub',
  colleagues: 'coll',
  denied: '✗',
  allow: '✓',
  deny: '✗',
};

const OPS: Operation[] = ['select', 'insert', 'update', 'delete'];

/**
 * The persona matrix as Markdown: one row per table and operation, one column per persona.
 * Docs embed this between `<!-- matrix:begin -->` and `<!-- matrix:end -->`; tests compare.
 */
export function renderMatrix(entries: MatrixEntry[] = MATRIX): string {
  const header = `| table | op | ${PERSONA_IDS.map((p) => PERSONAS[p].label).join(' | ')} |`;
  const rule = `|---|---|${PERSONA_IDS.map(() => ':-:').join('|')}|`;
  const rows = entries.flatMap((e) =>
    OPS.map((op) => `| \`${e.table}\` | ${op} | ${PERSONA_IDS.map((p) => SHORT[e[op][p]]).join(' | ')} |`),
  );
  const legend =
    "Legend: reads — own = exactly its organisation's rows, ∅ = no rows, all = every row, pub = published catalog rows, " +
    "coll = its own and its organisations' members' profiles, ✗ = permission denied; writes — ✓ = allowed on its own " +
    "organisation's row (and still refused on another's), ✗ = refused.";
  const columns = entries
    .filter((e) => e.hidden?.length || e.secret?.length)
    .map(
      (e) =>
        `- \`${e.table}\`: ${[
          e.hidden?.length ? `${e.hidden.map((c) => `\`${c}\``).join(', ')} platform admins and the service only` : '',
          e.secret?.length ? `${e.secret.map((c) => `\`${c}\``).join(', ')} the service only` : '',
        ]
          .filter(Boolean)
          .join('; ')}`,
    );
  const columnNote = columns.length
    ? ['', 'Column-level reads (each column selected alone is refused, 42501, to every other persona):', '', ...columns]
    : [];
  const scoped = entries
    .filter((e) => e.scoped)
    .map(
      (e) => `- \`${e.table}\`: for ${e.scoped!.personas.map((p) => PERSONAS[p].label).join(', ')}, ${e.scoped!.note}`,
    );
  const scopedNote = scoped.length
    ? ['', 'Reads scoped below the organisation (own = these rows of its organisation):', '', ...scoped]
    : [];
  return [header, rule, ...rows, '', legend, ...columnNote, ...scopedNote].join('\n');
}

const BEGIN = '<!-- matrix:begin (generated from src/personas/matrix.ts by `palisade matrix --write`; do not edit) -->';
const END = '<!-- matrix:end -->';

/** Replaces the generated block in a Markdown document, or returns it unchanged if it has none. */
export function embedMatrix(doc: string, entries: MatrixEntry[] = MATRIX): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) return doc;
  return `${doc.slice(0, start)}${BEGIN}\n${renderMatrix(entries)}\n${doc.slice(end)}`;
}

export const MATRIX_MARKERS = { BEGIN, END };
