import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { type FreshDatabase, freshDatabase } from '../testing/engines.ts';
import { REPO_ROOT } from '../testing/files.ts';
import { type RunningServer, startServer } from './serve.ts';
import { testConfig, userToken } from './testing.ts';

/*
 * CORS proven in a real browser: headless Chromium loads docs/server.md's example page from one
 * origin and calls the API on another. What a browser enforces (preflight, Access-Control-*
 * matching, which response headers a script may read) cannot be proven by inject() alone.
 * Runs once, on PGlite: the browser's side of it does not depend on the engine.
 */

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`Browser test skipped: no Chromium at ${CHROMIUM}. Install it: apt-get install -y chromium`);
}

// Flags that work headless as root in a container; playwright gives each launch a fresh profile.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const A = DEMO.orgs.a;

/** The ```html block of docs/server.md's browser section, so the page the docs show is the page tested. */
function examplePage(api: string, token: string): string {
  const doc = readFileSync(path.join(REPO_ROOT, 'docs/server.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Calling the API from a browser'));
  const block = /```html\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (!block) throw new Error('docs/server.md: no ```html block under "Calling the API from a browser"');
  const page = block
    .replace("'http://127.0.0.1:4000'", JSON.stringify(api))
    .replace("'YOUR_ACCESS_TOKEN'", JSON.stringify(token));
  if (page.includes('YOUR_ACCESS_TOKEN') || !page.includes(api))
    throw new Error('docs/server.md: the page constants moved');
  return page;
}

/** A static site on its own loopback port: another origin than the API's. */
async function site(html: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr !== 'object') throw new Error('no address');
  return { server, origin: `http://127.0.0.1:${addr.port}` };
}

describe.skipIf(!hasChromium)(
  'a browser app on another origin (needs Chromium: apt-get install -y chromium; PGlite only: the browser side is engine-independent)',
  () => {
    let fresh: FreshDatabase | undefined;
    let api: RunningServer | undefined;
    let browser: Browser | undefined;
    const sites: Server[] = [];
    let page = '';
    let allowed = '';
    let other = '';

    beforeAll(async () => {
      const token = await userToken(A.users.owner.id, { email: A.users.owner.email });
      const app = await site(() => page);
      const stranger = await site(() => page);
      sites.push(app.server, stranger.server);
      allowed = app.origin;
      other = stranger.origin;
      fresh = await freshDatabase('pglite');
      api = await startServer({ db: fresh.db, config: testConfig({ corsOrigins: [allowed] }) });
      page = examplePage(api.url, token);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    });

    afterAll(async () => {
      await browser?.close();
      for (const s of sites) await new Promise((resolve) => s.close(resolve));
      // stop() closes the database too.
      if (api) await api.stop();
      else await fresh?.close();
    });

    /** Loads the page from `origin` and returns what it wrote, and what Chromium said on the console. */
    async function visit(origin: string) {
      const tab = await browser!.newPage();
      const console: string[] = [];
      tab.on('console', (m) => console.push(m.text()));
      try {
        await tab.goto(`${origin}/`);
        await tab.waitForFunction(() => document.getElementById('out')?.textContent !== 'loading…');
        return { result: JSON.parse((await tab.textContent('#out')) ?? 'null'), console };
      } finally {
        await tab.close();
      }
    }

    it('a page from an origin not listed cannot call the API: the browser refuses the preflight', async () => {
      const { result, console } = await visit(other);
      expect(result).toEqual({ error: 'TypeError: Failed to fetch' });
      expect(console.join('\n')).toContain(`from origin '${other}' has been blocked by CORS policy`);
      // Nothing reached a route: the organisation still has its seeded name.
      const { rows } = await fresh!.db.query<{ name: string }>('select name from public.organisations where id = $1', [
        A.id,
      ]);
      expect(rows[0]?.name).toBe(A.name);
    });

    it('a page from the allowed origin lists, reads with ETag and renames with If-Match, reading the exposed headers', async () => {
      const { result } = await visit(allowed);
      expect(result).toMatchObject({ orgs: [A.name], status: 200, name: 'Renamed from the browser' });
      expect(result.etag).toMatch(/^"[^"]+"$/);
      expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });
  },
);
