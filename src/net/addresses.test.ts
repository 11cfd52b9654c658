import { describe, expect, it } from 'vitest';
import { blockedReason, isPrivateAddress, privateEgressAllowed } from './addresses.ts';

/**
 * How an address is judged, beyond the blocklist itself (src/net/egress.test.ts): the reason given,
 * and the IPv6 forms that carry an IPv4 address, which are judged by the address they carry.
 */
const V4 = 'a private, loopback, link-local or reserved IPv4 address';
const V6 = 'a private, loopback, link-local or reserved IPv6 address';
const EMBEDDED = 'an IPv6 address embedding a private or reserved IPv4 address';

describe('the reason an address is refused', () => {
  it.each([
    ['10.0.0.1', V4],
    ['fe80::1', V6],
    ['::ffff:10.0.0.1', EMBEDDED],
    ['8.8.8.8', null],
    ['2606:4700::1111', null],
    ['example.com', 'not an IP address'],
    ['10.0.0.1.5', 'not an IP address'],
    ['', 'not an IP address'],
  ])('%s: %s', (address, reason) => {
    expect(blockedReason(address)).toBe(reason);
    expect(isPrivateAddress(address)).toBe(reason !== null);
  });

  it('the unspecified address :: is refused as IPv6, not as the IPv4 0.0.0.0 it would embed', () => {
    expect(blockedReason('::')).toBe(V6);
  });
});

describe('IPv6 forms that embed an IPv4 address', () => {
  it.each([
    // mapped, in dotted and in hex form, and written out in full
    ['::ffff:10.1.2.3', EMBEDDED],
    ['::ffff:169.254.169.254', EMBEDDED],
    ['::ffff:192.168.100.200', EMBEDDED],
    ['::ffff:a01:203', EMBEDDED],
    ['0:0:0:0:0:ffff:a01:203', EMBEDDED],
    ['::FFFF:A01:203', EMBEDDED],
    ['::ffff:8.8.8.8', null],
    ['::ffff:93.184.216.34', null],
    // IPv4-compatible (deprecated)
    ['::10.1.2.3', EMBEDDED],
    ['::a01:203', EMBEDDED],
    ['::8.8.8.8', null],
    // NAT64 (64:ff9b::/96)
    ['64:ff9b::10.1.2.3', EMBEDDED],
    ['64:ff9b::a01:203', EMBEDDED],
    ['64:ff9b::8.8.8.8', null],
    // 6to4 (2002::/16): the IPv4 address is in the second and third groups
    ['2002:a01:203::1', EMBEDDED],
    ['2002:a01:203:4:5:6:7:8', EMBEDDED],
    ['2002:808:808::1', null],
  ])('%s: %s', (address, reason) => {
    expect(blockedReason(address)).toBe(reason);
  });

  it('an address that only looks like one of those forms is judged as itself', () => {
    // ffff in the wrong place, a near-NAT64 prefix, 2003:: instead of 2002::, a mapped-like prefix with a non-zero group
    for (const address of [
      '::ffff:0:a01:203',
      '::ff00:a01:203',
      '::ff:a01:203',
      '164:ff9b::a01:203',
      '64:fe9b::a01:203',
      '::fffe:a01:203',
      '1::ffff:a01:203',
      '64:ff9a::a01:203',
      '65:ff9b::a01:203',
      '64:ff9b:1::a01:203',
      '2003:a01:203::1',
      '3002:a01:203::1',
      '2102:a01:203::1',
      '1::a01:203',
      '::1:0:a01:203',
    ]) {
      expect(blockedReason(address), address).toBeNull();
    }
  });

  it('a zone index does not hide the address', () => {
    expect(blockedReason('fe80::1%eth0')).toBe(V6);
    expect(blockedReason('::ffff:10.1.2.3%1')).toBe(EMBEDDED);
  });

  it('an address ending in "::" or starting with it is expanded in the right place', () => {
    expect(blockedReason('2002:a01:203::')).toBe(EMBEDDED);
    // The tail 0a01:0203 (10.1.2.3) is not the embedded address: 93.184.216.34 is, and it is public.
    expect(blockedReason('2002:5db8:d822::a01:203')).toBeNull();
    // 2002::… embeds 0.0.0.0, which is refused like every other form of it.
    expect(blockedReason('2002::a01:203')).toBe(EMBEDDED);
  });
});

describe('PALISADE_ALLOW_PRIVATE_EGRESS', () => {
  it.each([
    ['1', true],
    ['true', true],
    ['TRUE', true],
    ['yes', true],
    [' yes ', true],
    ['yes please', false],
    ['not true', false],
    ['0', false],
    ['11', false],
    ['on', false],
    ['', false],
  ])('%j allows private egress: %s', (value, allowed) => {
    expect(privateEgressAllowed({ PALISADE_ALLOW_PRIVATE_EGRESS: value })).toBe(allowed);
  });

  it('unset does not', () => {
    expect(privateEgressAllowed({})).toBe(false);
  });
});
