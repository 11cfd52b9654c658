import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { GENERATE_COMMAND, renderTypes, TYPES_FILE } from './generate.ts';

// The typed client is only as true as its types: they must be the current routes' document.
it(`src/client/openapi.ts is generated from the current /openapi.json (refresh: ${GENERATE_COMMAND})`, async () => {
  const fresh = await renderTypes();
  const committed = readFileSync(TYPES_FILE, 'utf8');
  expect(committed === fresh, `src/client/openapi.ts is stale: run \`${GENERATE_COMMAND}\``).toBe(true);
  expect(fresh).toContain('"/v1/orgs/{orgId}": {');
}, 120_000);

it('generation is deterministic: the same document gives the same text', async () => {
  const spec = JSON.parse(JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} }));
  expect(await renderTypes(spec)).toBe(await renderTypes(structuredClone(spec)));
}, 60_000);
