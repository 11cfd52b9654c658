import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/files.ts';
import { signRequest } from './signing.ts';

/**
 * The verification snippet docs/integration-architecture/custom-steps.md gives step-type authors,
 * run as printed against requests Palisade signs: the code an author copies is the code tested.
 */
const SECRET = 'documented-signing-secret-0123456789';

async function documentedVerifier() {
  const doc = readFileSync(path.join(REPO_ROOT, 'docs/integration-architecture/custom-steps.md'), 'utf8');
  const code = /## Verifying Palisade's requests in your service[\s\S]*?```js\n([\s\S]*?)```/.exec(doc)?.[1];
  expect(code).toBeDefined();
  process.env.PALISADE_SIGNING_SECRET = SECRET;
  const mod = (await import(`data:text/javascript,${encodeURIComponent(code!)}`)) as {
    verifyPalisade(req: { method: string; url: string; headers: Record<string, string> }, raw: Buffer): string | null;
  };
  delete process.env.PALISADE_SIGNING_SECRET; // read once, when the snippet's module loaded
  return mod.verifyPalisade;
}

it("the documented check accepts Palisade's signature once, and refuses replay, tampering and time outside the window", async () => {
  const verify = await documentedVerifier();
  const body = '{"input":{"lead":"l-1"}}';
  const now = Math.floor(Date.now() / 1000);
  const signed = (over: { secret?: string; timestamp?: number } = {}) =>
    signRequest({
      method: 'POST',
      pathAndQuery: '/hooks/run?step=a',
      body,
      keyId: 'pk-1',
      secret: over.secret ?? SECRET,
      timestamp: over.timestamp ?? now,
    });
  const req = (headers: Record<string, string>, url = '/hooks/run?step=a') => ({ method: 'POST', url, headers });
  const h = signed();
  expect([
    verify(req(h), Buffer.from(body)),
    verify(req(h), Buffer.from(body)),
    verify(req(signed()), Buffer.from(body.replace('l-1', 'l-2'))),
    verify(req(signed(), '/hooks/run?step=b'), Buffer.from(body)),
    verify(req(signed({ secret: 'another-secret-0123456789abcdef' })), Buffer.from(body)),
    verify(req(signed({ timestamp: now - 301 })), Buffer.from(body)),
    verify(req(signed({ timestamp: now + 330 })), Buffer.from(body)),
    verify(req({ ...signed(), 'palisade-key-id': 'pk-9' }), Buffer.from(body)),
    verify(req({ ...signed(), 'palisade-timestamp': `${now}.0` }), Buffer.from(body)),
  ]).toEqual([
    null,
    'replayed',
    'body_mismatch',
    'bad_signature',
    'bad_signature',
    'stale',
    'future',
    'unknown_key',
    'malformed',
  ]);
});
