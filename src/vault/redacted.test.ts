import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Redacted, scrub, stringsIn } from './redacted.ts';

describe('a decrypted value in transit', () => {
  it('shows exactly "[redacted]" however it is printed, and reveal() yields the value', () => {
    const v = new Redacted({ apiToken: 'planted-secret-9f3c' });
    expect(inspect(v)).toBe('[redacted]');
    expect(JSON.stringify({ v })).toBe('{"v":"[redacted]"}');
    expect(`${v}`).toBe('[redacted]');
    expect(String(v)).toBe('[redacted]');
    expect(v.toString()).toBe('[redacted]');
    expect(`x${v as unknown as string}`).toBe('x[redacted]');
    expect(v.reveal()).toEqual({ apiToken: 'planted-secret-9f3c' });
  });
});

describe('strings inside a value', () => {
  it('are collected from nested objects and arrays, in order; other values are skipped', () => {
    expect(stringsIn({ a: 'one', b: ['two', { c: 'three', d: 4, e: null }], f: true })).toEqual([
      'one',
      'two',
      'three',
    ]);
    expect(stringsIn('solo')).toEqual(['solo']);
    expect(stringsIn(null)).toEqual([]);
    expect(stringsIn(7)).toEqual([]);
  });
});

describe('scrubbing secrets out of a message', () => {
  it('removes each secret and its URL, base64 and JSON-escaped forms', () => {
    const s = 'p@ss "word"/é';
    const text = [s, encodeURIComponent(s), Buffer.from(s).toString('base64'), JSON.stringify(s).slice(1, -1)].join(
      ' | ',
    );
    expect(scrub(text, [s])).toBe('[redacted] | [redacted] | [redacted] | [redacted]');
  });

  it('removes user:password pairs as Basic auth sends them, either way round (each secret with each other one)', () => {
    const b64 = (t: string) => Buffer.from(t).toString('base64');
    expect(scrub(`${b64('alice:s3cr3t-pw')} ${b64('s3cr3t-pw:alice')}`, ['alice', 's3cr3t-pw'])).toBe(
      '[redacted] [redacted]',
    );
    // A secret is not paired with itself: 'abcd:abcd' is no credential pair here (and no single form matches inside it).
    expect(scrub(b64('abcd:abcd'), ['abcd', 'wxyz'])).toBe(b64('abcd:abcd'));
  });

  it('leaves secrets shorter than 4 characters alone, and scrubs from 4 on', () => {
    expect(scrub('abc and abcd', ['abc'])).toBe('abc and abcd');
    expect(scrub('abc and abcd', ['abcd'])).toBe('abc and [redacted]');
    // Nor any encoding of a short secret: base64 of "abc" is "YWJj", four characters of ordinary text.
    expect(scrub('YWJj abc', ['abc'])).toBe('YWJj abc');
  });

  it('removes the longest match first, so a secret containing another goes whole', () => {
    expect(scrub('token=supersecret-long', ['secret', 'supersecret-long'])).toBe('token=[redacted]');
    expect(scrub('token=supersecret-long', ['supersecret-long', 'secret'])).toBe('token=[redacted]');
  });

  it('leaves a message with no secret in it unchanged', () => {
    expect(scrub('nothing to hide', ['planted-secret'])).toBe('nothing to hide');
    expect(scrub('nothing to hide', [])).toBe('nothing to hide');
  });
});
