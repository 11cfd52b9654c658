import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs with request ids, and no secrets. Three layers, because one alone leaks:
 * - serializers log a request as method, path, client and user agent only: no headers, no body;
 * - query values whose names suggest a credential are replaced in the logged URL;
 * - pino's redact paths catch credentials a careless `log.info({ headers })` would still include.
 * Errors are logged with type, code and message; database errors' detail, query text and
 * parameters (which may contain values) are dropped.
 */
const REDACTED = '[redacted]';

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'authorization',
  'cookie',
  '*.authorization',
  '*.cookie',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'api_key',
  '*.api_key',
  'plaintext',
  '*.plaintext',
  'key',
  '*.key',
  'key_hash',
  '*.key_hash',
];

// `state` too: the OAuth2 callback's (src/connections/oauth2/callback.ts) names its consent until used.
const SENSITIVE_QUERY = /(token|key|secret|password|code|signature|auth|state)/i;

/** Replaces credential-looking query values, so `?token=…` never reaches a log line. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const name of [...params.keys()]) if (SENSITIVE_QUERY.test(name)) params.set(name, REDACTED);
  return `${url.slice(0, q)}?${params.toString()}`;
}

interface SerializableRequest {
  method?: string;
  url?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remoteAddress?: string };
}

const serializers = {
  req(req: SerializableRequest) {
    return {
      method: req.method,
      url: safeUrl(req.url),
      remoteAddress: req.ip ?? req.socket?.remoteAddress,
      userAgent:
        typeof req.headers?.['user-agent'] === 'string'
          ? (req.headers['user-agent'] as string).slice(0, 200)
          : undefined,
    };
  },
  res(res: { statusCode?: number }) {
    return { statusCode: res.statusCode };
  },
  err(err: unknown) {
    const e = err as {
      name?: string;
      message?: string;
      code?: unknown;
      statusCode?: number;
      stack?: string;
      constraint?: string;
      cause?: { issues?: { path?: unknown[]; message?: string }[] };
    };
    if (!e || typeof e !== 'object') return { message: String(err) };
    return {
      type: e.name,
      message: typeof e.message === 'string' ? e.message.slice(0, 500) : undefined,
      code: e.code,
      constraint: e.constraint,
      statusCode: e.statusCode,
      // A response that failed its schema: where, not what (the values may be anyone's data).
      issues: e.cause?.issues?.slice(0, 5).map((i) => ({ path: i.path?.join('.'), message: i.message })),
      stack: e.stack,
    };
  },
};

export function loggerOptions(level: string): pino.LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers,
    base: { service: 'palisade' },
  };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Keeps a caller's X-Request-Id when it is short and plain (so traces join up); otherwise makes one. */
export function genReqId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}
