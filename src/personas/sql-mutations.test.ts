import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../migrations/runner.ts';
import { applyMutation } from './mutate-sql.ts';
import { SQL_MUTATIONS } from './sql-mutations.ts';

describe('the SQL mutation list (npm run mutate)', () => {
  const files = new Map(loadMigrations().map((m) => [`${m.module}/sql/${m.name}`, m.sql]));

  it('names each mutant once', () => {
    const ids = SQL_MUTATIONS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const m of SQL_MUTATIONS) {
    it(`${m.id}: its text occurs exactly once in ${m.file}, and the mutant differs from it`, () => {
      const sql = files.get(m.file);
      expect(sql, `${m.file} is not a migration`).toBeDefined();
      const mutated = applyMutation(sql!, m);
      expect(mutated).not.toBe(sql);
      expect(mutated).toContain(m.replace);
    });
  }
});
