import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { palisade, useCliDatabase } from '../testing/cli.ts';
import { describeEngines } from '../testing/engines.ts';
import { ADMIN, sql } from './testing.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'palisade-watcher-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('palisade watcher run-once', () => {
  it('on a database without the platform schema, exits 2 saying to migrate', async () => {
    const r = await palisade(['watcher', 'run-once'], { DATABASE_URL: '', PALISADE_DATA_DIR: path.join(tmp, 'empty') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the platform schema is missing');
    expect(r.stderr).toContain('palisade migrate');
  }, 60_000);
});

describeEngines('palisade watcher run-once on the server and on an embedded data dir', (ctx) => {
  const cliDb = useCliDatabase(ctx);

  it('polls the due sources as the service role and reports each', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { etag: '"v1"' }).end('{"rules":[]}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
      await cliDb.withDb(async (db) => {
        await sql(db, ADMIN, 'update platform.rule_sources set enabled = false');
        await sql(db, ADMIN, `insert into platform.rule_sources (key, name, url) values ('cli-feed', 'CLI feed', $1)`, [
          url,
        ]);
      });
      const r = await palisade(['watcher', 'run-once'], { ...cliDb.env, PALISADE_ALLOW_PRIVATE_EGRESS: '1' });
      expect(r.stdout).toContain('Polled 1 due rule source(s)');
      expect(r.stdout).toContain('cli-feed: baseline');
      expect(r.code, r.stderr).toBe(0);
    } finally {
      server.close();
    }
  }, 120_000);
});
