import { randomBytes } from 'node:crypto';
import { type FakeSystem, fakeSystem, sendJson } from '../../../integrations/testing.ts';

/**
 * An OpenAI-compatible chat completions API on 127.0.0.1, checking what the real one checks:
 * POST /v1/chat/completions with `Authorization: Bearer <key>` (anything else: 401 with OpenAI's
 * invalid_api_key error, which quotes part of the key sent, as OpenAI's does), a JSON body with a
 * model and messages of {role, content}, and no parameter it does not know (400). It answers
 * whatever `reply` returns as the assistant's content (a string, sent as is), or `status` instead.
 */
export interface FakeLlm extends FakeSystem {
  /** The base URL to configure: http://127.0.0.1:<port>/v1. */
  baseUrl: string;
  /** Bodies of the completions it accepted, parsed. */
  received: Array<{ model: string; messages: Array<{ role: string; content: string }>; [k: string]: unknown }>;
  /** The assistant's content for the next calls. */
  reply: () => string;
  /** Answer with this status instead (a provider outage), when set. */
  status?: number;
  /** Answer this many milliseconds late (a slow provider). */
  delayMs?: number;
}

const KNOWN = new Set(['model', 'messages', 'temperature', 'response_format', 'max_tokens', 'seed', 'top_p', 'user']);

export const qualificationReply = (answer: object) => () => JSON.stringify(answer);

export async function fakeLlm(apiKey: string): Promise<FakeLlm> {
  // The handler reads the returned object, so a test changes `reply` and `status` on it.
  let self: FakeLlm | undefined;
  const system = await fakeSystem((req, res) => {
    if (req.method !== 'POST' || req.path !== '/v1/chat/completions')
      return sendJson(res, 404, { error: { message: 'Invalid URL', type: 'invalid_request_error' } });
    if (req.bearer !== apiKey)
      return sendJson(res, 401, {
        error: {
          message: `Incorrect API key provided: ${(req.bearer ?? '').slice(0, 6)}***. You can find your API key at https://platform.openai.com/account/api-keys.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      });
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return sendJson(res, 400, { error: { message: 'send JSON', type: 'invalid_request_error' } });
    let body: FakeLlm['received'][number];
    try {
      body = JSON.parse(req.body);
    } catch {
      return sendJson(res, 400, {
        error: { message: 'We could not parse the JSON body', type: 'invalid_request_error' },
      });
    }
    const unknown = Object.keys(body).find((k) => !KNOWN.has(k));
    const shapeOk =
      typeof body.model === 'string' &&
      body.model.length > 0 &&
      Array.isArray(body.messages) &&
      body.messages.length > 0 &&
      body.messages.every(
        (m) => ['system', 'user', 'assistant'].includes(m?.role) && typeof m.content === 'string' && m.content,
      );
    if (unknown || !shapeOk)
      return sendJson(res, 400, {
        error: {
          message: unknown ? `Unrecognized request argument supplied: ${unknown}` : 'model and messages are required',
          type: 'invalid_request_error',
        },
      });
    self!.received.push(body);
    if (self!.status) return sendJson(res, self!.status, { error: { message: 'The server had an error' } });
    const answer = () =>
      sendJson(res, 200, {
        id: `chatcmpl-${randomBytes(8).toString('hex')}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: `${body.model}-2024-07-18`,
        choices: [{ index: 0, message: { role: 'assistant', content: self!.reply() }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 100, completion_tokens: 30, total_tokens: 130 },
      });
    if (self!.delayMs) setTimeout(answer, self!.delayMs);
    else answer();
  });
  self = Object.assign(system, {
    baseUrl: `${system.url}/v1`,
    received: [],
    reply: qualificationReply({
      score: 82,
      outcome: 'qualified',
      summary: 'A director at a company asking for pricing.',
      reasons: ['decision maker', 'buying signal'],
    }),
  });
  return self;
}
