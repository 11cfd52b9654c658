import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PeerRefusal, peerSign, peerVerify } from './peer.ts';

/**
 * A step service on 127.0.0.1, as a step-type author would run one: it checks every request the
 * way the documentation tells them to (peer.ts, its own copy of the secrets, its own nonce set)
 * and answers 401 to anything else; then it behaves as told. It records every request as
 * received, raw, so tests can assert what travelled (and that no secret did).
 */

export type Behaviour =
  /** 200 with this body, valid against the contract or not. */
  | { kind: 'sync'; output: unknown }
  /** 202, then a signed POST to the request's callback_url. */
  | { kind: 'callback'; status: 'succeeded' | 'failed'; output?: unknown; error?: string; deliveryId?: string }
  /** Never answers (until close). */
  | { kind: 'hang' }
  /** 200 with a JSON string of about this many bytes. */
  | { kind: 'huge'; bytes: number }
  /** This status with a JSON error body. */
  | { kind: 'status'; status: number }
  /** 200 with a body that is not JSON. */
  | { kind: 'not_json' };

interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** null when the request was accepted, else why it was answered 401. */
  refused: PeerRefusal | 'bad_bearer' | null;
}

interface SentCallback {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** What Palisade's side answered, or the connection error's code. */
  answer: number | string;
}

export interface FakeStepService {
  /** http://127.0.0.1:<port> */
  url: string;
  received: ReceivedRequest[];
  callbacks: SentCallback[];
  behave(next: Behaviour): void;
  /** Resolves once every callback started so far has been answered. */
  callbacksDone(): Promise<void>;
  close(): Promise<void>;
}

export interface FakeStepServiceOptions {
  /** Palisade's signing secrets by key id, as the service keeps them (two during a rotation). */
  secrets?: Map<string, string>;
  /** Accept `Authorization: Bearer <this>` instead of a signature. */
  bearer?: string;
  /** How the service signs its callbacks. */
  callbackKey: { keyId: string; secret: string };
  behaviour?: Behaviour;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function bearerMatches(header: string | undefined, expected: string): boolean {
  const given = Buffer.from(header ?? '');
  const want = Buffer.from(`Bearer ${expected}`);
  return given.length === want.length && timingSafeEqual(given, want);
}

export async function fakeStepService(options: FakeStepServiceOptions): Promise<FakeStepService> {
  let behaviour: Behaviour = options.behaviour ?? { kind: 'sync', output: {} };
  const received: ReceivedRequest[] = [];
  const callbacks: SentCallback[] = [];
  const pending = new Set<Promise<void>>();
  const seen = new Set<string>();

  function postCallback(target: string, payload: object) {
    const body = JSON.stringify(payload);
    const u = new URL(target);
    const { keyId, secret } = options.callbackKey;
    const headers = {
      'content-type': 'application/json',
      ...peerSign('POST', `${u.pathname}${u.search}`, body, keyId, secret),
    };
    const sent: SentCallback = { url: target, headers, body, answer: 'pending' };
    callbacks.push(sent);
    const done = new Promise<void>((resolve) => {
      const r = request(u, { method: 'POST', headers }, (res) => {
        res.resume();
        res.on('end', () => {
          sent.answer = res.statusCode ?? 0;
          resolve();
        });
      });
      r.on('error', (err: NodeJS.ErrnoException) => {
        sent.answer = err.code ?? 'error';
        resolve();
      });
      r.end(body);
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  }

  function answer(res: ServerResponse, body: string) {
    const b = behaviour;
    if (b.kind === 'hang') return;
    if (b.kind === 'sync') return sendJson(res, 200, b.output);
    if (b.kind === 'status') return sendJson(res, b.status, { error: `status ${b.status}` });
    if (b.kind === 'not_json') return void res.end('<html>not json</html>');
    if (b.kind === 'huge') return sendJson(res, 200, { blob: 'x'.repeat(b.bytes) });
    const callbackUrl = (JSON.parse(body) as { callback_url?: string }).callback_url;
    if (!callbackUrl) return sendJson(res, 400, { error: 'callback_url is missing' });
    sendJson(res, 202, { accepted: true });
    const payload =
      b.status === 'succeeded'
        ? { delivery_id: b.deliveryId ?? randomUUID(), status: b.status, output: b.output }
        : { delivery_id: b.deliveryId ?? randomUUID(), status: b.status, ...(b.error ? { error: b.error } : {}) };
    res.on('finish', () => postCallback(callbackUrl, payload));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const r = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: raw };
      const refused = options.bearer
        ? bearerMatches(req.headers.authorization, options.bearer)
          ? null
          : 'bad_bearer'
        : peerVerify(r, options.secrets ?? new Map(), seen);
      received.push({ ...r, body: raw.toString('utf8'), refused });
      if (refused) return sendJson(res, 401, { error: refused });
      answer(res, raw.toString('utf8'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    callbacks,
    behave(next) {
      behaviour = next;
    },
    async callbacksDone() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
