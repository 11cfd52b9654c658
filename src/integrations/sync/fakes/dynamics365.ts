import { randomUUID } from 'node:crypto';
import { type FakeSystem, fakeSystem, sendJson } from '../../testing.ts';
import { boundaryOf, splitParts } from '../multipart.ts';
import { IssuedTokens, isJson, Throttle } from './common.ts';

/**
 * Entra ID's token endpoint and a Dataverse environment, on one server. The token endpoint takes
 * the client-credentials grant as a form with the client in the body (Basic is refused, as for an
 * app registration secret), and checks the scope is the environment's `/.default`. The Web API
 * wants a live Bearer token on every call, pages contact lookups by Prefer: odata.maxpagesize with
 * @odata.nextLink, and takes $batch bodies of at most 1000 requests (more: 400). A POST needs
 * lastname and emailaddress1; a PATCH with If-Match: * to a missing contact is 404; an address
 * containing "blocked" is refused by a (pretend) plug-in with a message that quotes it.
 */
export interface DynamicsFake extends FakeSystem {
  throttle: Throttle;
  tokens: IssuedTokens;
  /** Contacts by id. */
  contacts: Map<string, Record<string, unknown>>;
  batches: number[];
  /** Contact lookups (GET pages) served. */
  stats: { lookups: number };
}

const API = '/api/data/v9.2';
const lower = (v: unknown) => String(v ?? '').toLowerCase();

export async function dynamicsFake(opts: {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  existing?: readonly string[];
  tokens?: IssuedTokens;
}): Promise<DynamicsFake> {
  const throttle = new Throttle();
  const tokens = opts.tokens ?? new IssuedTokens(3599);
  const contacts = new Map<string, Record<string, unknown>>(
    (opts.existing ?? []).map((e) => [randomUUID(), { emailaddress1: e, lastname: 'Existing' }]),
  );
  const batches: number[] = [];
  let base = '';
  const state = { lookups: 0 };

  const part = (method: string, url: string, headers: Record<string, string>, body: string): string => {
    const path = url.startsWith(base) ? url.slice(base.length) : url;
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return 'HTTP/1.1 400 Bad Request';
    }
    if (lower(fields.emailaddress1).includes('blocked')) return 'HTTP/1.1 400 Bad Request';
    if (method === 'POST' && path === `${API}/contacts`) {
      if (typeof fields.lastname !== 'string' || typeof fields.emailaddress1 !== 'string')
        return 'HTTP/1.1 400 Bad Request';
      contacts.set(randomUUID(), fields);
      return 'HTTP/1.1 204 No Content';
    }
    const id = new RegExp(`^${API}/contacts\\(([0-9a-f-]{36})\\)$`).exec(path)?.[1];
    if (method === 'PATCH' && id && headers['if-match'] === '*') {
      const c = contacts.get(id);
      if (!c) return 'HTTP/1.1 404 Not Found';
      Object.assign(c, fields);
      return 'HTTP/1.1 204 No Content';
    }
    return 'HTTP/1.1 405 Method Not Allowed';
  };

  const system = await fakeSystem((req, res) => {
    if (req.method === 'POST' && req.path === `/${opts.tenantId}/oauth2/v2.0/token`) {
      const f = req.form;
      return !req.headers.authorization &&
        f.get('grant_type') === 'client_credentials' &&
        f.get('client_id') === opts.clientId &&
        f.get('client_secret') === opts.clientSecret &&
        f.get('scope') === `${base}/.default`
        ? sendJson(res, 200, tokens.issue())
        : sendJson(res, 401, {
            error: 'invalid_client',
            error_description: `AADSTS7000215: Invalid client secret provided: ${f.get('client_secret')}`,
          });
    }
    if (!req.path.startsWith(`${API}/`)) return sendJson(res, 404, { error: 'no such path' });
    const verdict = tokens.check(req.bearer);
    if (verdict !== 'ok') {
      res.writeHead(401, {
        'www-authenticate': `Bearer error="invalid_token", error_description="${verdict === 'expired' ? 'The access token expired' : 'invalid'}"`,
      });
      return void res.end();
    }
    if (req.headers['odata-version'] !== '4.0') return sendJson(res, 400, { error: { message: 'OData-Version 4.0' } });
    if (throttle.answer(res, { error: { code: '0x80072322', message: 'Number of requests exceeded the limit' } }))
      return;
    if (req.path === `${API}/WhoAmI`) return sendJson(res, 200, { UserId: randomUUID() });

    if (req.method === 'GET' && req.path === `${API}/contacts`) {
      state.lookups++;
      const filter = req.query.get('$filter') ?? '';
      const m = /^Microsoft\.Dynamics\.CRM\.In\(PropertyName='emailaddress1',PropertyValues=\[(.*)\]\)$/.exec(filter);
      if (!m || req.query.get('$select') !== 'contactid,emailaddress1')
        return sendJson(res, 400, { error: { message: 'unsupported query' } });
      const wanted = new Set(
        [...m[1]!.matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1]!.replaceAll("''", "'").toLowerCase()),
      );
      const rows = [...contacts]
        .filter(([, c]) => wanted.has(lower(c.emailaddress1)))
        .map(([id, c]) => ({ contactid: id, emailaddress1: c.emailaddress1 }));
      const size = Number(/odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1] ?? 5000);
      const skip = Number(req.query.get('$skiptoken') ?? 0);
      const next = new URLSearchParams(req.query);
      next.set('$skiptoken', String(skip + size));
      return sendJson(res, 200, {
        value: rows.slice(skip, skip + size),
        ...(skip + size < rows.length ? { '@odata.nextLink': `${base}${API}/contacts?${next}` } : {}),
      });
    }

    if (req.method === 'POST' && req.path === `${API}/$batch`) {
      const boundary = boundaryOf(req.headers['content-type']);
      if (!boundary || !/^multipart\/mixed/i.test(req.headers['content-type'] ?? ''))
        return sendJson(res, 400, { error: { message: 'multipart/mixed with a boundary' } });
      const parts = splitParts(req.body, boundary);
      if (parts.length > 1000)
        return sendJson(res, 400, {
          error: { code: '0x80040203', message: 'The batch holds more than 1000 requests' },
        });
      batches.push(parts.length);
      const answers = parts.map((p) => {
        const [method = '', url = ''] = p.start.split(' ');
        if (!isJson(p.headers['content-type'])) return 'HTTP/1.1 415 Unsupported Media Type';
        return part(method, url, p.headers, p.body);
      });
      const out = `batchresponse_${randomUUID()}`;
      res.writeHead(200, { 'content-type': `multipart/mixed; boundary=${out}`, 'odata-version': '4.0' });
      const framed = answers.map(
        (start) =>
          `--${out}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n${start}\r\n\r\n\r\n`,
      );
      return void res.end(`${framed.join('')}--${out}--\r\n`);
    }
    sendJson(res, 404, { error: { message: 'no such resource' } });
  });
  base = system.url;
  return Object.assign(system, { throttle, tokens, contacts, batches, stats: state });
}
