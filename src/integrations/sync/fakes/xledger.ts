import { type FakeSystem, fakeSystem, sendJson } from '../../testing.ts';
import { DAY, isJson, Throttle } from './common.ts';

/**
 * Xledger's GraphQL endpoint: `Authorization: token <api token>`, POST with a JSON body, mass
 * mutations of at most 500 nodes. It reads the addGLImportItems inputs (a GraphQL literal) and
 * checks each node's required fields; a node on the locked account is answered with a GraphQL
 * error whose path names its position and whose message quotes the account, as servers do.
 */
export interface XledgerFake extends FakeSystem {
  throttle: Throttle;
  posted: Array<Record<string, unknown>>;
  batches: number[];
}

export const LOCKED_ACCOUNT = '9999';

const TOKEN = /\s+|,|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|[{}[\]:()]/y;

/** A GraphQL input value starting at `text[at]`, with the index after it. */
function parseValue(text: string, start: number): [unknown, number] {
  let at = start;
  const next = (): string => {
    for (;;) {
      TOKEN.lastIndex = at;
      const m = TOKEN.exec(text);
      if (!m) throw new Error(`syntax error at ${at}`);
      at = TOKEN.lastIndex;
      if (!/^(\s+|,)$/.test(m[0])) return m[0];
    }
  };
  const value = (tok: string): unknown => {
    if (tok === '{') {
      const o: Record<string, unknown> = {};
      for (let k = next(); k !== '}'; k = next()) {
        if (next() !== ':') throw new Error('expected :');
        o[k] = value(next());
      }
      return o;
    }
    if (tok === '[') {
      const a: unknown[] = [];
      for (let t = next(); t !== ']'; t = next()) a.push(value(t));
      return a;
    }
    if (tok.startsWith('"')) return JSON.parse(tok);
    if (/^-?\d/.test(tok)) return Number(tok);
    return tok === 'true' ? true : tok === 'false' ? false : tok === 'null' ? null : tok;
  };
  return [value(next()), at];
}

export async function xledgerFake(apiToken: string): Promise<XledgerFake> {
  const throttle = new Throttle();
  const posted: Array<Record<string, unknown>> = [];
  const batches: number[] = [];
  const system = await fakeSystem((req, res) => {
    if (req.path !== '/graphql') return sendJson(res, 404, { error: 'no such path' });
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'GraphQL takes POST' });
    if (req.headers.authorization !== `token ${apiToken}`)
      return sendJson(res, 401, { errors: [{ message: `invalid token ${req.headers.authorization}` }] });
    if (throttle.answer(res, { errors: [{ message: 'rate limit exceeded' }] })) return;
    if (!isJson(req.headers['content-type'])) return sendJson(res, 415, { errors: [{ message: 'JSON only' }] });
    const { query } = JSON.parse(req.body) as { query?: string };
    if (query === '{ __typename }') return sendJson(res, 200, { data: { __typename: 'Query' } });
    const m = /^mutation \{ addGLImportItems\(inputs: /.exec(query ?? '');
    if (!m) return sendJson(res, 400, { errors: [{ message: 'unsupported operation' }] });
    const [inputs, end] = parseValue(query!, m[0].length);
    if (!query!.slice(end).startsWith(') { edges { node { dbId } } } }') || !Array.isArray(inputs))
      return sendJson(res, 400, { errors: [{ message: 'syntax error' }] });
    if (inputs.length === 0 || inputs.length > 500)
      return sendJson(res, 400, { errors: [{ message: 'inputs must hold 1 to 500 nodes' }] });
    batches.push(inputs.length);
    const errors: unknown[] = [];
    const edges: unknown[] = [];
    inputs.forEach((input, i) => {
      const n = (input as { node?: Record<string, { code?: unknown; dbId?: unknown } | string> }).node ?? {};
      const ok =
        typeof n.postedDate === 'string' &&
        DAY.test(n.postedDate) &&
        typeof n.amount === 'string' &&
        Number.isFinite(Number(n.amount)) &&
        typeof (n.account as { code?: unknown })?.code === 'string' &&
        typeof (n.transactionSource as { code?: unknown })?.code === 'string' &&
        typeof (n.owner as { dbId?: unknown })?.dbId === 'number';
      if (!ok) errors.push({ message: 'node is missing required fields', path: ['addGLImportItems', i] });
      else if ((n.account as { code: string }).code === LOCKED_ACCOUNT)
        errors.push({
          message: `Account ${LOCKED_ACCOUNT} is locked for posting`,
          path: ['addGLImportItems', i],
          extensions: { code: 'ACCOUNT_LOCKED' },
        });
      else {
        posted.push(n);
        edges.push({ node: { dbId: posted.length } });
      }
    });
    sendJson(res, 200, { data: { addGLImportItems: { edges } }, ...(errors.length ? { errors } : {}) });
  });
  return Object.assign(system, { throttle, posted, batches });
}
