import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintClient } from './client.ts';
import { formatLocation } from './rules.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.join(here, 'fixtures', 'client');

describe('palisade lint --client', () => {
  it('PAL009: supabase-js writes to platform.* are found through .from, .schema, bound clients and platform-default clients', async () => {
    const r = await lintClient([dir], here);
    expect(r.files).toBe(3);
    expect(r.findings.map((f) => `${f.rule} ${formatLocation(f.location)} ${f.message}`)).toEqual([
      'PAL009 fixtures/client/from_platform.js:3:64 .insert() writes to platform.rule_packs from client code',
      'PAL009 fixtures/client/schema_chain.ts:11:6 .update() writes to platform.step_types from client code',
      'PAL009 fixtures/client/schema_chain.ts:15:39 .delete() writes to platform.rule_sources from client code',
      'PAL009 fixtures/client/schema_chain.ts:18:34 .upsert() writes to platform.rule_packs from client code',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the finding quotes the fixture's template literal
      'PAL009 fixtures/client/schema_chain.ts:21:30 .insert() writes to platform.${…} from client code',
    ]);
  });

  it('reads, public tables, comments and strings that mention a platform write are not findings', async () => {
    const r = await lintClient([path.join(dir, 'safe.ts')], here);
    expect(r).toEqual({ findings: [], files: 1 });
  });
});
