import { type FakeSystem, fakeSystem, sendJson } from '../../testing.ts';
import { DAY, IssuedTokens, isJson, Throttle } from './common.ts';

/**
 * Cornerstone's REST API: the client-credentials grant as JSON at /services/api/oauth2/token
 * (clientId, clientSecret, grantType, scope; a wrong client is 400), tokens with a lifetime, Bearer
 * on each call, and the Transcript API's user-centric completion, one a request. Unknown users are
 * 404, like the portal answers them.
 */
export interface CornerstoneFake extends FakeSystem {
  throttle: Throttle;
  tokens: IssuedTokens;
  completed: Array<Record<string, unknown>>;
}

export const UNKNOWN_USER = 'left-the-company';

export async function cornerstoneFake(
  client: { clientId: string; clientSecret: string },
  tokens = new IssuedTokens(3600),
): Promise<CornerstoneFake> {
  const throttle = new Throttle();
  const completed: Array<Record<string, unknown>> = [];
  const system = await fakeSystem((req, res) => {
    if (req.method === 'POST' && req.path === '/services/api/oauth2/token') {
      if (!isJson(req.headers['content-type'])) return sendJson(res, 400, { error: 'invalid_request' });
      const b = JSON.parse(req.body) as Record<string, unknown>;
      return b.clientId === client.clientId &&
        b.clientSecret === client.clientSecret &&
        b.grantType === 'client_credentials' &&
        typeof b.scope === 'string'
        ? sendJson(res, 200, tokens.issue())
        : sendJson(res, 400, {
            error: 'invalid_client',
            error_description: `unknown client ${String(b.clientSecret)}`,
          });
    }
    const verdict = tokens.check(req.bearer);
    if (verdict !== 'ok')
      return sendJson(res, 401, { error: verdict === 'expired' ? 'token expired' : 'invalid token' });
    if (throttle.answer(res)) return;
    if (req.path === '/services/api/x/users/v2/employees') return sendJson(res, 200, { data: [] });
    if (req.method !== 'POST' || req.path !== '/services/api/v1/transcripts/complete')
      return sendJson(res, 404, { error: 'no such path' });
    if (!isJson(req.headers['content-type'])) return sendJson(res, 415, { error: 'JSON only' });
    const b = JSON.parse(req.body) as Record<string, unknown>;
    if (
      typeof b.externalId !== 'string' ||
      typeof b.learningObjectId !== 'string' ||
      !DAY.test(String(b.completionDate))
    )
      return sendJson(res, 400, {
        status: 400,
        message: 'externalId, learningObjectId and completionDate are required',
      });
    if (b.externalId === UNKNOWN_USER)
      return sendJson(res, 404, { status: 404, message: `User ${b.externalId} not found` });
    completed.push(b);
    sendJson(res, 200, { status: 200, data: [{ externalId: b.externalId, learningObjectId: b.learningObjectId }] });
  });
  return Object.assign(system, { throttle, tokens, completed });
}
