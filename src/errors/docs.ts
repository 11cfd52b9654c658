/**
 * docs/error-codes.md, rendered from the registry (src/errors/codes.ts). Refresh it with
 * `npx tsx src/errors/docs.ts --write`; src/errors/codes.test.ts fails when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ERROR_CODES, type ErrorCode, POSTGRES_CODES } from './codes.ts';

const ERROR_CODES_DOC = path.resolve(import.meta.dirname, '../../docs/error-codes.md');

const cell = (s: string) => s.replace(/\|/g, '\\|');

function codeTable(codes: ErrorCode[]): string[] {
  return [
    '| code | HTTP | meaning | raised when |',
    '|---|---|---|---|',
    ...codes.map(
      (c) => `| \`${c}\` | ${ERROR_CODES[c].status} | ${cell(ERROR_CODES[c].meaning)} | ${cell(ERROR_CODES[c].when)} |`,
    ),
  ];
}

export function renderErrorCodes(): string {
  const codes = Object.keys(ERROR_CODES) as ErrorCode[];
  return [
    '# Error codes',
    '',
    '<!-- generated from src/errors/codes.ts by `npx tsx src/errors/docs.ts --write`; do not edit -->',
    '',
    'Palisade raises its own SQLSTATEs from SQL (class `PS`), so callers — the HTTP server, another',
    "language's client, a Supabase project's PostgREST — can tell what went wrong without parsing",
    'messages. Every such error also sets the `column` field of the PostgreSQL error to the input it',
    'is about when there is one (`org_id`, `email`, `role`, `token`, …), which the server returns as',
    '`error.field`. The server answers every failure as `{ error: { code, message, field?, requestId } }`',
    'with the same codes; in TypeScript they are one error class, `PalisadeError` (src/errors/error.ts).',
    '',
    "Raised by SQL (`raise … using errcode = 'PS…'`) and by the server:",
    '',
    ...codeTable(codes.filter((c) => ERROR_CODES[c].sql)),
    '',
    'Raised by the server only, never from SQL:',
    '',
    ...codeTable(codes.filter((c) => !ERROR_CODES[c].sql)),
    '',
    'Any other client error Fastify itself answers (an unsupported method, say) keeps its status, as `PS<status>`.',
    '',
    "PostgreSQL's own codes that callers meet, and how the server answers them:",
    '',
    '| SQLSTATE | meaning | code | HTTP |',
    '|---|---|---|---|',
    ...POSTGRES_CODES.map((p) => `| \`${p.sqlstate}\` | ${cell(p.meaning)} | \`${p.code}\` | ${cell(p.http)} |`),
    '',
  ].join('\n');
}

/** True when docs/error-codes.md is what the registry renders; with `write`, makes it so. */
export function errorCodesDocFresh(opts: { write?: boolean } = {}): boolean {
  const fresh = renderErrorCodes();
  if (readFileSync(ERROR_CODES_DOC, 'utf8') === fresh) return true;
  if (opts.write) writeFileSync(ERROR_CODES_DOC, fresh);
  return false;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fresh = errorCodesDocFresh({ write: process.argv.includes('--write') });
  console.log(
    fresh
      ? 'docs/error-codes.md is current'
      : process.argv.includes('--write')
        ? 'docs/error-codes.md rewritten'
        : 'docs/error-codes.md is stale: run with --write',
  );
}
