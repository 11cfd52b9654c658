import { type EgressClient, EgressError, type EgressResponse } from '../net/egress.ts';
import { type ExternalCall, instanceProblem } from '../platform/contracts.ts';
import { signRequest } from './signing.ts';

/**
 * One call of a custom step to its service, as the step type version's external_call contract
 * describes it. Everything goes through the caller's egress client (the shared SSRF guard:
 * checked addresses, no redirects, deadline, size cap).
 *
 * Credentials: the signing secret and a bearer token come from the vault through the caller and
 * travel only in headers (the HMAC, Authorization). No message, result or log line built here
 * contains a header, a body, a query string or a config value: only origin and path, which is why
 * a failure says where and what, never with what.
 */

type CallContract = Extract<ExternalCall, { endpoint: string }>;

export interface StepCallInput {
  contract: CallContract;
  /** The step's configuration: {{config.x}} placeholders are filled from it. */
  config: Record<string, unknown>;
  input: unknown;
  /** The per-install signing secret, required when contract.auth.type is hmac_sha256. */
  signing: { keyId: string; secret: string } | null;
  /** The token, required when contract.auth.type is bearer. */
  bearer?: string;
  /** Sent as callback_url when the contract expects a callback. */
  callbackUrl?: string;
  http: EgressClient;
  outputSchema: unknown;
  /** Deadline for resolving and connecting, within contract.timeout_ms (default 5 s). */
  connectTimeoutMs?: number;
  /** Largest response read (default 256 KiB, and never more than the egress client's cap). */
  maxResponseBytes?: number;
  /** One line per call, safe to log as is. */
  log?: (line: string) => void;
}

type StepCallFailure =
  | 'bad_endpoint'
  | 'missing_credentials'
  | 'timeout'
  | 'blocked_address'
  | 'connect_failed'
  | 'bad_status'
  | 'response_too_large'
  | 'not_json'
  | 'invalid_output';

export type StepCallResult =
  | { outcome: 'succeeded'; output: unknown }
  | { outcome: 'waiting_callback' }
  | {
      outcome: 'failed';
      code: StepCallFailure;
      /** Another attempt may succeed: timeouts, unreachable peers, 5xx and 429. */
      retryable: boolean;
      message: string;
      /** The HTTP status, for bad_status. */
      httpStatus?: number;
      /** '<JSON pointer>: problem', for invalid_output. */
      problem?: string;
    };

const DEFAULT_MAX_RESPONSE = 256 * 1024;
const DEFAULT_CONNECT_TIMEOUT = 5_000;
const PLACEHOLDER = /\{\{\s*config\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

class EndpointProblem extends Error {}

/**
 * The endpoint with its placeholders filled. A placeholder that is the whole endpoint takes a URL
 * from the config; anywhere else its value is percent-encoded as one component, so a value can
 * never add a path segment, a query or a host. '.' and '..' are refused: the URL parser would
 * resolve them and climb out of the path the contract fixed.
 */
function fillEndpoint(endpoint: string, config: Record<string, unknown>, allowHttp: boolean): URL {
  const whole = endpoint.trim();
  const configValue = (name: string): string => {
    const v = Object.hasOwn(config, name) ? config[name] : undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string' || v === '') throw new EndpointProblem(`config.${name} must be a non-empty string`);
    return v;
  };
  const only = [...whole.matchAll(PLACEHOLDER)];
  let filled: string;
  if (only.length === 1 && only[0]![0] === whole) filled = configValue(only[0]![1]!);
  else
    filled = whole.replace(PLACEHOLDER, (_, name: string) => {
      const v = configValue(name);
      if (v === '.' || v === '..') throw new EndpointProblem(`config.${name} may not be . or ..`);
      return encodeURIComponent(v);
    });
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    throw new EndpointProblem('the endpoint is not a valid URL once filled');
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:'))
    throw new EndpointProblem(`the endpoint must use https, not ${url.protocol}`);
  if (url.username || url.password) throw new EndpointProblem('credentials never go in the endpoint URL');
  return url;
}

const EGRESS_FAILURE: Record<EgressError['code'], { code: StepCallFailure; retryable: boolean }> = {
  invalid_url: { code: 'bad_endpoint', retryable: false },
  blocked_address: { code: 'blocked_address', retryable: false },
  dns_failed: { code: 'connect_failed', retryable: true },
  connect_failed: { code: 'connect_failed', retryable: true },
  timeout: { code: 'timeout', retryable: true },
  response_too_large: { code: 'response_too_large', retryable: false },
  too_many_redirects: { code: 'bad_status', retryable: false },
};

export async function callStep(call: StepCallInput): Promise<StepCallResult> {
  const { contract } = call;
  const started = Date.now();
  let where = '(endpoint)';
  const done = (result: StepCallResult): StepCallResult => {
    const what = result.outcome === 'failed' ? `failed: ${result.code}` : result.outcome;
    call.log?.(`step call ${contract.method} ${where} ${what} in ${Date.now() - started} ms`);
    return result;
  };
  const failed = (code: StepCallFailure, retryable: boolean, message: string, extra: object = {}) =>
    done({ outcome: 'failed', code, retryable, message, ...extra });

  let url: URL;
  try {
    url = fillEndpoint(contract.endpoint, call.config, call.http.allowPrivate);
  } catch (err) {
    if (err instanceof EndpointProblem) return failed('bad_endpoint', false, err.message);
    throw err;
  }
  where = `${url.origin}${url.pathname}`;

  // A caller bug, not a run outcome: the service would have nowhere to answer.
  if (contract.callback?.expected && !call.callbackUrl)
    throw new Error('callStep: the contract expects a callback: pass callbackUrl');
  const body = JSON.stringify({
    input: call.input,
    ...(contract.callback?.expected ? { callback_url: call.callbackUrl } : {}),
  });
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (contract.auth !== 'none') {
    if (contract.auth.type === 'hmac_sha256') {
      if (!call.signing)
        return failed('missing_credentials', false, `${where}: the contract signs with a secret, none was given`);
      Object.assign(
        headers,
        signRequest({
          method: contract.method,
          pathAndQuery: `${url.pathname}${url.search}`,
          body,
          keyId: call.signing.keyId,
          secret: call.signing.secret,
        }),
      );
    } else {
      if (!call.bearer)
        return failed('missing_credentials', false, `${where}: the contract sends a bearer token, none was given`);
      headers.authorization = `Bearer ${call.bearer}`;
    }
  }

  let res: EgressResponse;
  try {
    res = await call.http.request({
      url: url.toString(),
      method: contract.method,
      headers,
      body,
      timeoutMs: contract.timeout_ms,
      connectTimeoutMs: Math.min(call.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT, contract.timeout_ms),
      maxResponseBytes: call.maxResponseBytes ?? DEFAULT_MAX_RESPONSE,
    });
  } catch (err) {
    if (!(err instanceof EgressError)) throw err;
    const { code, retryable } = EGRESS_FAILURE[err.code];
    // EgressError messages already name origin and path only.
    return failed(code, retryable, err.message);
  }

  if (res.status === 202 && contract.callback?.expected) return done({ outcome: 'waiting_callback' });
  if (res.status < 200 || res.status > 299) {
    const retryable = res.status >= 500 || res.status === 429;
    return failed('bad_status', retryable, `${where} answered ${res.status}`, { httpStatus: res.status });
  }
  const output = res.json();
  if (output === undefined) return failed('not_json', false, `${where} answered ${res.status} without a JSON body`);
  const problem = instanceProblem(call.outputSchema, output);
  if (problem)
    return failed('invalid_output', false, `${where} answered an output its contract does not allow`, { problem });
  return done({ outcome: 'succeeded', output });
}
