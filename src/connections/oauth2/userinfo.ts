import type { Principal } from '../../db/principal.ts';
import { PalisadeError } from '../../errors/error.ts';
import type { OAuth2Deps } from './deps.ts';
import { fetchUserinfo, OAuth2ProviderError, type UserinfoAnswer } from './protocol.ts';
import { usableAccessToken } from './tokens.ts';

/**
 * POST …/test: calls the userinfo endpoint with the connection's access token, the way any call
 * through a connection should go: a token refreshed before it expires, and on a 401 one refresh
 * and one retry. The answer says whether the provider accepted it and which subject it names.
 */
export async function testConnection(
  deps: OAuth2Deps,
  caller: Principal,
  orgId: string,
  id: string,
): Promise<{ ok: boolean; status: number | null; refreshed: boolean; subject: string | null; message: string }> {
  let t = await usableAccessToken(deps, caller, orgId, id);
  const endpoint = t.connection.userinfo_endpoint;
  if (!endpoint)
    throw new PalisadeError('PS409', 'the connection has no userinfo_endpoint to test against', 'userinfo_endpoint');
  let refreshed = t.refreshed;
  const call = async (): Promise<UserinfoAnswer | string> => {
    try {
      return await fetchUserinfo(deps.egress, endpoint, t.token.reveal());
    } catch (err) {
      if (err instanceof OAuth2ProviderError) return err.message;
      throw err;
    }
  };
  let answer = await call();
  if (typeof answer !== 'string' && answer.status === 401) {
    t = await usableAccessToken(deps, caller, orgId, id, { rejected: t.generation });
    refreshed ||= t.refreshed;
    answer = await call();
  }
  if (typeof answer === 'string') return { ok: false, status: null, refreshed, subject: null, message: answer };
  const ok = answer.status === 200;
  return {
    ok,
    status: answer.status,
    refreshed,
    subject: answer.subject,
    message: ok
      ? `the provider accepted the access token${refreshed ? ' (refreshed for this call)' : ''}`
      : `the userinfo endpoint answered ${answer.status}`,
  };
}
