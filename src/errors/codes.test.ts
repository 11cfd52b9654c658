import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapError } from '../http/error-map.ts';
import { filesUnder, REPO_ROOT as ROOT } from '../testing/files.ts';
import { ERROR_CODES, type ErrorCode, isErrorCode, POSTGRES_CODES } from './codes.ts';
import { errorCodesDocFresh, renderErrorCodes } from './docs.ts';
import { PalisadeError } from './error.ts';

/** code -> files that use it, for every PS code matched by `re` in the files. */
function usages(paths: string[], re: RegExp): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const f of paths) {
    for (const m of readFileSync(path.join(ROOT, f), 'utf8').matchAll(re))
      found.set(m[1]!, [...(found.get(m[1]!) ?? []), f]);
  }
  return found;
}

describe('the error registry (src/errors/codes.ts)', () => {
  const sqlRaised = usages(filesUnder('src', '.sql'), /errcode\s*=\s*'(PS[0-9A-Z]{3})'/gi);
  const tsUsed = usages(
    filesUnder('src', '.ts').filter((f) => !f.endsWith('.test.ts')),
    /\b(PS[0-9A-Z]{3})\b/g,
  );

  it('holds every code SQL raises, marked as raised by SQL, and marks no code SQL never raises', () => {
    expect(sqlRaised.size).toBeGreaterThan(0);
    const unregistered = [...sqlRaised].filter(([c]) => !isErrorCode(c)).map(([c, where]) => `${c} (${where[0]})`);
    expect(unregistered).toEqual([]);
    const sqlCodes = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => ERROR_CODES[c].sql).sort();
    expect(sqlCodes).toEqual([...sqlRaised.keys()].sort());
  });

  it('holds every code the TypeScript names', () => {
    expect(tsUsed.size).toBeGreaterThan(0);
    expect([...tsUsed].filter(([c]) => !isErrorCode(c)).map(([c, where]) => `${c} (${where[0]})`)).toEqual([]);
  });

  it('gives PalisadeError its status, and the HTTP mapping answers with it', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const err = new PalisadeError(code, 'refused', 'x');
      expect(err.status, code).toBe(ERROR_CODES[code].status);
      expect(mapError(err, { anonymous: false }), code).toMatchObject({
        status: ERROR_CODES[code].status,
        code,
        message: 'refused',
        field: 'x',
      });
      // The same code raised by SQL maps to the same status.
      const db = Object.assign(new Error('refused'), { code, severity: 'ERROR', column: 'x' });
      expect(mapError(db, { anonymous: false }), code).toMatchObject({
        status: ERROR_CODES[code].status,
        code,
        field: 'x',
      });
    }
  });

  it("answers PostgreSQL's own codes as documented", () => {
    for (const p of POSTGRES_CODES) {
      const db = Object.assign(new Error('refused'), { code: p.sqlstate, severity: 'ERROR' });
      const m = mapError(db, { anonymous: false });
      expect(m.code, p.sqlstate).toBe(p.code);
      expect(p.http.startsWith(String(m.status)), `${p.sqlstate}: ${m.status} vs "${p.http}"`).toBe(true);
    }
  });

  it('is what docs/error-codes.md says (refresh: npx tsx src/errors/docs.ts --write)', () => {
    expect(errorCodesDocFresh()).toBe(true);
    expect(renderErrorCodes()).toContain('| `PS423` | 409 | last owner |');
  });
});
