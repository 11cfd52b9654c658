import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { type Env, readEnv } from '../config/index.ts';

/**
 * Shared by every outbound path (integration calls, the rule-source watcher).
 * Addresses an outbound call to a tenant-configured URL must never reach: loopback,
 * private, link-local (169.254.169.254 is the cloud metadata service), carrier-grade NAT,
 * multicast, reserved and documentation ranges. IPv6 forms that embed an IPv4 address
 * (mapped, NAT64, 6to4) are judged by the address they embed.
 */
export interface BlockedRange {
  family: 'ipv4' | 'ipv6';
  network: string;
  prefix: number;
  why: string;
}

/** Every refused range, as data: the blocklists below are built from it, and the tests from it too. */
export const BLOCKED_RANGES: readonly BlockedRange[] = [
  ...(
    [
      ['0.0.0.0', 8, '"this network" (0.0.0.0 reaches the local host)'],
      ['10.0.0.0', 8, 'private'],
      ['100.64.0.0', 10, 'carrier-grade NAT'],
      ['127.0.0.0', 8, 'loopback'],
      ['169.254.0.0', 16, 'link-local, cloud metadata'],
      ['172.16.0.0', 12, 'private'],
      ['192.0.0.0', 24, 'IETF protocol assignments'],
      ['192.0.2.0', 24, 'documentation'],
      ['192.88.99.0', 24, '6to4 relay anycast'],
      ['192.168.0.0', 16, 'private'],
      ['198.18.0.0', 15, 'benchmarking'],
      ['198.51.100.0', 24, 'documentation'],
      ['203.0.113.0', 24, 'documentation'],
      ['224.0.0.0', 4, 'multicast'],
      ['240.0.0.0', 4, 'reserved, and 255.255.255.255'],
    ] as const
  ).map(([network, prefix, why]) => ({ family: 'ipv4' as const, network, prefix, why })),
  ...(
    [
      ['::', 128, 'unspecified'],
      ['::1', 128, 'loopback'],
      ['100::', 64, 'discard'],
      ['2001::', 23, 'IETF protocol assignments, Teredo'],
      ['2001:db8::', 32, 'documentation'],
      ['fc00::', 7, 'unique local'],
      ['fe80::', 10, 'link-local'],
      ['fec0::', 10, 'site-local (deprecated)'],
      ['ff00::', 8, 'multicast'],
    ] as const
  ).map(([network, prefix, why]) => ({ family: 'ipv6' as const, network, prefix, why })),
];

const v4 = new BlockList();
const v6 = new BlockList();
for (const r of BLOCKED_RANGES) (r.family === 'ipv4' ? v4 : v6).addSubnet(r.network, r.prefix, r.family);

/** The 16 bytes of an IPv6 address (accepts an embedded dotted IPv4 tail). */
function ipv6Bytes(address: string): number[] {
  let a = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (dotted) {
    const p = dotted[1]!.split('.').map(Number);
    a = `${a.slice(0, -dotted[1]!.length)}${((p[0]! << 8) | p[1]!).toString(16)}:${((p[2]! << 8) | p[3]!).toString(16)}`;
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => {
    const n = parseInt(g || '0', 16);
    return [n >> 8, n & 0xff];
  });
}

function embeddedIPv4(address: string): string | null {
  const b = ipv6Bytes(address);
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const quad = (at: number) => b.slice(at, at + 4).join('.');
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return quad(12); // ::ffff:a.b.c.d (mapped)
  if (zero(0, 12)) return quad(12); // ::a.b.c.d (deprecated compatible)
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return quad(12); // 64:ff9b::/96 NAT64
  if (b[0] === 0x20 && b[1] === 0x02) return quad(2); // 2002::/16 6to4
  return null;
}

/** The operator's opt-in to private destinations (tests set it to reach their local servers). */
export function privateEgressAllowed(env: Env = readEnv()): boolean {
  return /^(1|true|yes)$/i.test(env.PALISADE_ALLOW_PRIVATE_EGRESS?.trim() ?? '');
}

/** True for every address blockedReason refuses. */
export const isPrivateAddress = (address: string): boolean => blockedReason(address) !== null;

/** Why an address is refused, or null when it is a public unicast address. */
export function blockedReason(address: string): string | null {
  if (isIPv4(address))
    return v4.check(address, 'ipv4') ? 'a private, loopback, link-local or reserved IPv4 address' : null;
  if (isIPv6(address)) {
    if (v6.check(address, 'ipv6')) return 'a private, loopback, link-local or reserved IPv6 address';
    // Every embedded address counts, 0.0.0.0 included: ::ffff:0.0.0.0 connects to the local host.
    const inner = embeddedIPv4(address);
    if (inner && v4.check(inner, 'ipv4')) return 'an IPv6 address embedding a private or reserved IPv4 address';
    return null;
  }
  return 'not an IP address';
}
