import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSystem, fakeSystem, sendJson } from '../integrations/testing.ts';
import { BLOCKED_RANGES, type BlockedRange, blockedReason } from './addresses.ts';
import { createEgressClient, EgressError, privateEgressAllowed } from './egress.ts';

/* The blocklist's own ranges, as integers: an independent reading of BLOCKED_RANGES, so a range
 * deleted or widened in src/net/addresses.ts fails here. */
const BITS = { ipv4: 32, ipv6: 128 } as const;

function toInt(address: string, family: BlockedRange['family']): bigint {
  if (family === 'ipv4') return address.split('.').reduce((n, part) => (n << 8n) | BigInt(part), 0n);
  const [head, tail] = address.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) | BigInt(`0x${g}`), 0n);
}

function fromInt(n: bigint, family: BlockedRange['family']): string {
  if (family === 'ipv4') return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
  return Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
}

const bounds = (r: BlockedRange) => {
  const size = 1n << BigInt(BITS[r.family] - r.prefix);
  const first = toInt(r.network, r.family);
  return { first, last: first + size - 1n };
};
const cidr = (r: BlockedRange) => `${r.network}/${r.prefix}`;

/** IPv6 prefixes judged by the IPv4 address they embed (mapped, compatible, NAT64, 6to4). */
const EMBEDDING: BlockedRange[] = [
  { family: 'ipv6', network: '::', prefix: 96, why: 'IPv4-compatible' },
  { family: 'ipv6', network: '::ffff:0:0', prefix: 96, why: 'IPv4-mapped' },
  { family: 'ipv6', network: '64:ff9b::', prefix: 96, why: 'NAT64' },
  { family: 'ipv6', network: '2002::', prefix: 16, why: '6to4' },
];
const inAny = (n: bigint, family: BlockedRange['family'], ranges: readonly BlockedRange[]) =>
  ranges.some((r) => r.family === family && n >= bounds(r).first && n <= bounds(r).last);

/** The nearest address just outside a range that no other rule refuses, if there is one. */
function publicNeighbour(r: BlockedRange): string | null {
  const { first, last } = bounds(r);
  const max = (1n << BigInt(BITS[r.family])) - 1n;
  for (const n of [last + 1n, first - 1n]) {
    if (n < 0n || n > max) continue;
    if (inAny(n, r.family, BLOCKED_RANGES) || inAny(n, r.family, EMBEDDING)) continue;
    return fromInt(n, r.family);
  }
  return null;
}

/** Ranges whose neighbours on both sides are refused too (or do not exist): said here, not silently skipped. */
const NO_PUBLIC_NEIGHBOUR = ['240.0.0.0/4', '::/128', '::1/128', 'fec0::/10', 'ff00::/8'];

describe('the blocklist, range by range (cases generated from BLOCKED_RANGES)', () => {
  it('holds 24 ranges, each a network address on its prefix boundary', () => {
    expect(BLOCKED_RANGES).toHaveLength(24);
    for (const r of BLOCKED_RANGES)
      expect(toInt(r.network, r.family) % (1n << BigInt(BITS[r.family] - r.prefix)), cidr(r)).toBe(0n);
  });

  for (const r of BLOCKED_RANGES) {
    const { first, last } = bounds(r);
    it(`${cidr(r)} (${r.why}): its first (${fromInt(first, r.family)}) and last (${fromInt(last, r.family)}) addresses are refused`, () => {
      expect(blockedReason(fromInt(first, r.family))).not.toBeNull();
      expect(blockedReason(fromInt(last, r.family))).not.toBeNull();
    });

    const outside = publicNeighbour(r);
    if (outside) {
      it(`${cidr(r)}: the public address just outside it (${outside}) is allowed`, () => {
        expect(blockedReason(outside)).toBeNull();
      });
    }

    if (r.family === 'ipv4') {
      it(`${cidr(r)}: its first and last addresses embedded in IPv6 (mapped, compatible, NAT64, 6to4) are refused`, () => {
        for (const n of [first, last]) {
          const quad = fromInt(n, 'ipv4');
          const hex = fromInt(n, 'ipv6').split(':').slice(6).join(':');
          for (const address of [`::ffff:${quad}`, `::ffff:${hex}`, `::${quad}`, `64:ff9b::${quad}`, `2002:${hex}::1`])
            expect(blockedReason(address), address).not.toBeNull();
        }
      });
    }
  }

  it('names every range that has no public neighbour to probe', () => {
    expect(BLOCKED_RANGES.filter((r) => !publicNeighbour(r)).map(cidr)).toEqual(NO_PUBLIC_NEIGHBOUR);
  });
});

describe('addresses outbound calls refuse', () => {
  it.each([
    '127.8.9.10',
    '172.31.255.255',
    '169.254.169.254',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:0.0.0.0',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    'fe80::1%eth0',
  ])('%s is refused', (address) => {
    expect(blockedReason(address)).not.toBeNull();
  });

  it.each([
    '93.184.216.34',
    '1.1.1.1',
    '172.32.0.1',
    '2606:4700:4700::1111',
    '::ffff:93.184.216.34',
    '2002:5db8:d822::1',
  ])('%s is allowed', (address) => {
    expect(blockedReason(address)).toBeNull();
  });

  it('PALISADE_ALLOW_PRIVATE_EGRESS takes 1, true or yes', () => {
    expect(privateEgressAllowed({ PALISADE_ALLOW_PRIVATE_EGRESS: 'true' })).toBe(true);
    expect(privateEgressAllowed({ PALISADE_ALLOW_PRIVATE_EGRESS: '0' })).toBe(false);
    expect(privateEgressAllowed({})).toBe(false);
  });
});

describe('the egress client', () => {
  let sys: FakeSystem;
  beforeAll(async () => {
    sys = await fakeSystem((req, res) => {
      if (req.url.startsWith('/slow')) return void setTimeout(() => sendJson(res, 200, {}), 2_000);
      if (req.url.startsWith('/big')) return void sendJson(res, 200, { blob: 'x'.repeat(4096) });
      if (req.url.startsWith('/redirect')) {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        return void res.end();
      }
      sendJson(res, 200, { ok: true, got: req.headers['x-probe'] ?? null });
    });
  });
  afterAll(() => sys.close());

  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e as EgressError,
    );

  it('refuses loopback by name and by literal address unless private egress is allowed', async () => {
    const strict = createEgressClient({ allowPrivate: false });
    const port = new URL(sys.url).port;
    for (const url of [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::ffff:0.0.0.0]:${port}/`,
      `http://0.0.0.0:${port}/`,
      `http://2130706433:${port}/`,
    ]) {
      const err = await refusal(strict.request({ url }));
      expect(err, url).toBeInstanceOf(EgressError);
      expect(err!.code, url).toBe('blocked_address');
    }
    expect(sys.requests).toHaveLength(0);
  });

  it('checks every address a name resolves to, through the lookup the socket itself uses', async () => {
    // localhost resolves to 127.0.0.1 (and ::1): the name is refused before any connection is made.
    const err = await refusal(
      createEgressClient({ allowPrivate: false }).request({ url: `http://localhost:${new URL(sys.url).port}/x` }),
    );
    expect(err!.message).toMatch(/localhost resolves to .* refused/);
  });

  it('reaches a local system when private egress is allowed (as these tests do)', async () => {
    const res = await createEgressClient({ allowPrivate: true }).request({
      url: `${sys.url}/hello`,
      headers: { 'x-probe': 'yes' },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, got: 'yes' });
  });

  it('gives up at its deadline', async () => {
    const err = await refusal(
      createEgressClient({ allowPrivate: true, timeoutMs: 200 }).request({ url: `${sys.url}/slow` }),
    );
    expect(err!.code).toBe('timeout');
  });

  it('stops reading a response larger than its cap', async () => {
    const err = await refusal(
      createEgressClient({ allowPrivate: true, maxResponseBytes: 1024 }).request({ url: `${sys.url}/big` }),
    );
    expect(err!.code).toBe('response_too_large');
  });

  it('does not follow redirects (a redirect to the metadata service stays a 302)', async () => {
    const res = await createEgressClient({ allowPrivate: true }).request({ url: `${sys.url}/redirect` });
    expect(res.status).toBe(302);
  });

  it('refuses credentials in URLs and non-http schemes, and never quotes the query string in errors', async () => {
    const c = createEgressClient({ allowPrivate: false });
    expect((await refusal(c.request({ url: 'https://user:pw@example.com/' })))!.code).toBe('invalid_url');
    expect((await refusal(c.request({ url: 'file:///etc/passwd' })))!.code).toBe('invalid_url');
    const err = await refusal(
      c.request({ url: `http://127.0.0.1:${new URL(sys.url).port}/x?api_key=planted-in-query` }),
    );
    expect(err!.message).not.toContain('planted-in-query');
  });

  it('reports an unreachable host by its error code, not by a message that could quote the request', async () => {
    const err = await refusal(
      createEgressClient({ allowPrivate: true, timeoutMs: 2000 }).request({
        url: 'http://127.0.0.1:1/?token=planted-x',
      }),
    );
    expect(err!.code).toBe('connect_failed');
    expect(err!.message).toMatch(/ECONNREFUSED/);
    expect(err!.message).not.toContain('planted-x');
  });
});
