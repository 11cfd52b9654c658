import { inspect } from 'node:util';

const SHOWN = '[redacted]';

/**
 * A decrypted value in transit through the server. Logging it, interpolating it, serialising it
 * or inspecting it (pino, console.log, JSON.stringify, template strings, vitest snapshots) all show
 * "[redacted]"; only an explicit `reveal()` at the point of use yields the value.
 */
export class Redacted<T> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toJSON(): string {
    return SHOWN;
  }

  toString(): string {
    return SHOWN;
  }

  [Symbol.toPrimitive](): string {
    return SHOWN;
  }

  [inspect.custom](): string {
    return SHOWN;
  }
}

/** Every string inside a value (object fields, array items), for scrubbing them out of messages. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/**
 * Replaces each secret (and the encodings a protocol may have echoed: base64 for Basic auth,
 * URL encoding for form bodies) with "[redacted]". Defence in depth for messages built from
 * what a remote system answered; secrets shorter than 4 characters are too common to scrub.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  const variants = new Set<string>();
  for (const s of secrets) {
    if (s.length < 4) continue;
    variants.add(s);
    variants.add(encodeURIComponent(s));
    variants.add(Buffer.from(s).toString('base64'));
    variants.add(JSON.stringify(s).slice(1, -1));
  }
  for (let i = 0; i < secrets.length; i++) {
    for (let j = 0; j < secrets.length; j++) {
      if (i !== j) variants.add(Buffer.from(`${secrets[i]}:${secrets[j]}`).toString('base64'));
    }
  }
  // Longest first, so a secret containing another is removed whole.
  for (const v of [...variants].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(v).join(SHOWN);
  }
  return out;
}
