import { ConfigError } from './env.ts';

/**
 * PALISADE_CORS_ORIGINS: the exact origins whose pages may call the API from a browser.
 * Each entry must be written as a browser serialises its Origin header (scheme, lower-case host,
 * port only when not the default), because @fastify/cors compares strings: an entry a browser
 * can never send would silently allow nothing. `*` and `null` are refused: the list is an
 * allow-list of sites the operator names, and `null` is what sandboxed frames and file:// pages
 * send, which anyone can produce.
 */
export function parseCorsOrigins(raw: string | undefined): string[] {
  const entries = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const shown = entry.slice(0, 80);
    if (entry === '*' || entry === 'null') {
      throw new ConfigError(
        `PALISADE_CORS_ORIGINS lists exact origins such as https://app.example.com; "${shown}" is not accepted (name each site that may call the API).`,
      );
    }
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new ConfigError(`PALISADE_CORS_ORIGINS entries must be origins, scheme://host[:port] (got "${shown}").`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(`PALISADE_CORS_ORIGINS entries must be http:// or https:// origins (got "${shown}").`);
    }
    if (url.username || url.password) {
      // Not quoted: it carries what looks like a password.
      throw new ConfigError('PALISADE_CORS_ORIGINS entries are origins and hold no user name or password.');
    }
    if (url.origin !== entry) {
      // A path, query, credentials, trailing slash, upper case or a default port: say the form a browser sends.
      throw new ConfigError(
        `PALISADE_CORS_ORIGINS entries must be origins with no path, written as a browser sends them: "${shown}" should be "${url.origin}".`,
      );
    }
  }
  return [...new Set(entries)];
}
