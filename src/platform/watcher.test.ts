import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../db/pglite.ts';
import { isPrivateAddress } from '../net/addresses.ts';
import { describeEngines } from '../testing/engines.ts';
import { ADMIN, MEMBER_A, SERVICE, sql } from './testing.ts';
import { runOnce, WatcherError } from './watcher.ts';

/** A feed that serves whatever `content` holds, with an ETag, honouring If-None-Match. */
function feed() {
  const state = {
    content: '{"rules":["a"]}',
    status: 200,
    hang: false,
    requests: [] as { path: string; ifNoneMatch?: string }[],
  };
  const server: Server = createServer((req: IncomingMessage, res) => {
    state.requests.push({
      path: req.url ?? '',
      ...(req.headers['if-none-match'] ? { ifNoneMatch: String(req.headers['if-none-match']) } : {}),
    });
    if (state.hang) return; // never answers: the watcher's timeout must end it
    if (state.status !== 200) {
      res.writeHead(state.status).end('upstream trouble');
      return;
    }
    const etag = `"${createHash('sha256').update(state.content).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { etag, 'content-type': 'application/json' }).end(state.content);
  });
  return {
    state,
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describeEngines('the freshness watcher', (ctx) => {
  const f = feed();
  let base = '';
  let sourceId = '';
  const previousEgress = process.env.PALISADE_ALLOW_PRIVATE_EGRESS;

  beforeAll(async () => {
    base = await f.start();
    // The test feed is on loopback; the operator switch allows it (and nothing else changes).
    process.env.PALISADE_ALLOW_PRIVATE_EGRESS = '1';
    await sql(ctx.db, ADMIN, 'update platform.rule_sources set enabled = false'); // the demo feed points at the internet
    const [s] = await sql<{ id: string }>(
      ctx.db,
      ADMIN,
      `insert into platform.rule_sources (key, name, url, rule_pack_name) values ('local-feed', 'Local feed', $1, 'local-pack') returning id`,
      [`${base}/feed.json`],
    );
    sourceId = s!.id;
  });
  afterAll(async () => {
    await f.stop();
    if (previousEgress === undefined) delete process.env.PALISADE_ALLOW_PRIVATE_EGRESS;
    else process.env.PALISADE_ALLOW_PRIVATE_EGRESS = previousEgress;
  });

  const due = () =>
    sql(ctx.db, ADMIN, 'update platform.rule_sources set next_poll_at = now() where id = $1', [sourceId]);

  it('polls a due source, snapshots it, then asks conditionally and records 304 as unchanged', async () => {
    const first = await runOnce(ctx.db);
    expect(first).toEqual([expect.objectContaining({ key: 'local-feed', status: 'baseline', httpStatus: 200 })]);
    // Not due again until its interval has passed.
    expect(await runOnce(ctx.db)).toEqual([]);
    await due();
    const second = await runOnce(ctx.db);
    expect(second).toEqual([expect.objectContaining({ status: 'not_modified', httpStatus: 304 })]);
    expect(f.state.requests.at(-1)!.ifNoneMatch).toMatch(/^"[0-9a-f]{16}"$/);
  });

  it('a changed feed opens a detection and a proposal; approving it publishes the rule pack to tenants', async () => {
    f.state.content = '{"rules":["a","b"]}';
    await due();
    const [outcome] = await runOnce(ctx.db);
    expect(outcome).toMatchObject({ status: 'proposed', httpStatus: 200 });
    const [det] = await sql<{ status: string; rule_pack_name: string }>(
      ctx.db,
      ADMIN,
      'select status, rule_pack_name from platform.rule_pack_detections where id = $1',
      [outcome!.detectionId],
    );
    expect(det).toEqual({ status: 'proposed', rule_pack_name: 'local-pack' });
    await sql(ctx.db, ADMIN, 'select platform.decide_rule_pack_proposal($1, true)', [outcome!.proposalId]);
    const packs = await sql(
      ctx.db,
      MEMBER_A,
      `select version, spec from public.v_rule_packs where name = 'local-pack'`,
    );
    expect(packs).toEqual([{ version: '1.0.0', spec: { rules: ['a', 'b'] } }]);
  });

  it('an upstream error is recorded as a failure and the source backs off', async () => {
    f.state.status = 503;
    await due();
    const [outcome] = await runOnce(ctx.db);
    expect(outcome).toMatchObject({ status: 'failed', httpStatus: 503 });
    const [s] = await sql<{ failure_count: number; last_error: string; delay: number }>(
      ctx.db,
      SERVICE,
      'select failure_count, last_error, extract(epoch from next_poll_at - last_polled_at)::int as delay from platform.rule_sources where id = $1',
      [sourceId],
    );
    expect(s).toMatchObject({ failure_count: 1, delay: 60 });
    expect(s!.last_error).toContain('HTTP 503');
    f.state.status = 200;
  });

  it('a source that never answers fails at the timeout instead of holding the watcher', async () => {
    f.state.hang = true;
    await due();
    const [outcome] = await runOnce(ctx.db, { timeoutMs: 300 });
    expect(outcome).toMatchObject({ status: 'failed', error: 'timed out after 300 ms' });
    f.state.hang = false;
  });

  it('a response larger than the limit is refused rather than stored', async () => {
    f.state.content = JSON.stringify({ rules: ['x'.repeat(5000)] });
    await due();
    const [outcome] = await runOnce(ctx.db, { maxBytes: 1000 });
    expect(outcome).toMatchObject({ status: 'failed', error: 'the response is larger than 1000 bytes' });
  });

  it('without the operator switch, a loopback source is refused before any request is made', async () => {
    const before = f.state.requests.length;
    await due();
    const [outcome] = await runOnce(ctx.db, { allowPrivate: false });
    expect(outcome!.status).toBe('failed');
    expect(outcome!.error).toContain('PALISADE_ALLOW_PRIVATE_EGRESS');
    expect(f.state.requests.length).toBe(before);
  });

  it('many due sources are polled a few at a time, each reported once', async () => {
    await sql(
      ctx.db,
      ADMIN,
      `insert into platform.rule_sources (key, name, url)
       select 'bulk-' || i, 'Bulk ' || i, $1 || '/bulk/' || i from generate_series(0, 11) i`,
      [base],
    );
    let claimed = 0;
    const seen: string[] = [];
    const outcomes = await runOnce(ctx.db, {
      concurrency: 3,
      onClaimed: (n) => (claimed = n),
      onPolled: (o) => seen.push(o.key),
    });
    expect(claimed).toBe(12);
    expect(outcomes.map((o) => o.status)).toEqual(Array(12).fill('baseline'));
    expect(new Set(seen).size).toBe(12);
  });
});

describe('the freshness watcher on an unmigrated database', () => {
  it('fails fast, saying to run the migrations', async () => {
    const db = await openPglite({});
    try {
      const err = await runOnce(db).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WatcherError);
      expect((err as Error).message).toMatch(/the platform schema is missing .* run `palisade migrate`/);
    } finally {
      await db.close();
    }
  });
});

describe('the egress guard', () => {
  it('classifies loopback, private, link-local, mapped and metadata addresses as private, public ones not', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });
});
