import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { GROUPS, group } from './stryker.config.mjs';
import base from './vitest.config.ts';

/**
 * What `npm run mutate` runs against each mutant: the tests of one group of stryker.config.mjs
 * (PALISADE_MUTATE_GROUP), focused on the modules that group mutates. Only the database group
 * builds the template databases.
 */
const { tests, database } = GROUPS[group as keyof typeof GROUPS];

/**
 * Files run in the order the group lists them (stryker.config.mjs says why), not slowest first as
 * Vitest would: a mutant run stops at its first failing test.
 */
class GroupOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const rank = (f: TestSpecification) =>
      tests.indexOf(path.relative(process.cwd(), f.moduleId).split(path.sep).join('/'));
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: tests,
    ...(database ? {} : { globalSetup: [] }),
    sequence: { sequencer: GroupOrder },
  },
});
