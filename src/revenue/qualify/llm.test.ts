import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/error.ts';
import { createEgressClient } from '../../net/egress.ts';
import { defaultCriteria } from './criteria.ts';
import { createLlmQualifier, type LlmConfig, llmConfig, QualifierError } from './llm.ts';
import { type FakeLlm, fakeLlm, qualificationReply } from './testing/fake-llm.ts';
import { GOOD_FACTS } from './testing/leads.ts';

const KEY = `sk-test-${randomBytes(16).toString('hex')}`;
const lead = GOOD_FACTS;

/** How a call failed: its PS502 error. */
async function failure(p: Promise<unknown>): Promise<QualifierError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(QualifierError);
  expect(err).toMatchObject({ code: 'PS502', status: 502 });
  return err as QualifierError;
}

describe('the LLM qualifier against a local OpenAI-compatible API', () => {
  let fake: FakeLlm;
  const http = createEgressClient({ allowPrivate: true });
  const config = (over: Partial<LlmConfig> = {}): LlmConfig => ({
    url: fake.baseUrl,
    apiKey: KEY,
    model: 'gpt-test-mini',
    timeoutMs: 5_000,
    ...over,
  });
  beforeAll(async () => {
    fake = await fakeLlm(KEY);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.received.length = 0;
    fake.status = undefined;
    fake.delayMs = undefined;
    fake.reply = qualificationReply({
      score: 82,
      outcome: 'qualified',
      summary: 'Buying signal.',
      reasons: ['pricing'],
    });
  });

  it('sends the key as Bearer and only what qualification needs, and returns the strictly parsed answer', async () => {
    const q = await createLlmQualifier(config(), http).qualify(lead, defaultCriteria());
    expect(q).toEqual({
      qualifier: 'llm',
      model: 'gpt-test-mini-2024-07-18',
      score: 82,
      outcome: 'qualified',
      summary: 'Buying signal.',
      reasons: [{ criterion: 'llm', detail: 'pricing' }],
    });
    expect(fake.requests.at(-1)!.bearer).toBe(KEY);
    const body = fake.received[0]!;
    expect(Object.keys(body).sort()).toEqual(['messages', 'model', 'response_format', 'temperature']);
    expect(body).toMatchObject({ model: 'gpt-test-mini', temperature: 0, response_format: { type: 'json_object' } });
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(JSON.parse(body.messages[1]!.content)).toEqual({
      email_domain: 'northwind.example',
      company: 'Northwind',
      job_title: 'Director of Operations',
      website: 'https://northwind.example',
      message: 'Could you send pricing for 40 seats?',
      source: 'form',
    });
    const raw = fake.requests.at(-1)!.body;
    for (const personal of ['dana.scully', 'Dana Scully', '7946', KEY]) expect(raw).not.toContain(personal);
  });

  it('a key the provider refuses is a 502 that names the status and not the key nor the provider’s words', async () => {
    const err = await failure(
      createLlmQualifier(config({ apiKey: 'sk-wrong-key-123' }), http).qualify(lead, defaultCriteria()),
    );
    expect(err.message).toBe(
      'the LLM qualifier failed: the provider refused the API key (401): check PALISADE_LLM_API_KEY',
    );
    expect(err.retryable).toBe(false);
    expect(fake.received).toHaveLength(0);
  });

  it.each([
    ['prose instead of JSON', () => 'Sure! This lead looks great: 90/100.', 'the model did not answer with JSON'],
    ['a score out of range', qualificationReply({ score: 150, outcome: 'qualified', summary: 'x' }), 'at $.score'],
    ['an unknown outcome', qualificationReply({ score: 50, outcome: 'hot', summary: 'x' }), 'at $.outcome'],
    ['a key more', qualificationReply({ score: 50, outcome: 'nurture', summary: 'x', api_key: 'y' }), 'at $.api_key'],
    ['no summary', qualificationReply({ score: 50, outcome: 'nurture' }), 'at $.summary'],
  ])('an answer with %s is refused, naming where', async (_what, reply, says) => {
    fake.reply = reply;
    const err = await failure(createLlmQualifier(config(), http).qualify(lead, defaultCriteria()));
    expect(err.message).toContain(says);
    expect(err.retryable).toBe(false);
  });

  it('an outage, a rate limit and a timeout may be retried', async () => {
    fake.status = 503;
    expect((await failure(createLlmQualifier(config(), http).qualify(lead, defaultCriteria()))).retryable).toBe(true);
    fake.status = 429;
    expect((await failure(createLlmQualifier(config(), http).qualify(lead, defaultCriteria()))).retryable).toBe(true);
    fake.status = undefined;
    fake.delayMs = 1_000;
    const slow = await failure(createLlmQualifier(config({ timeoutMs: 200 }), http).qualify(lead, defaultCriteria()));
    expect(slow.message).toMatch(/did not answer within 200 ms/);
    expect(slow.retryable).toBe(true);
  });

  it('goes through the egress guard: a loopback provider is refused unless private egress is allowed', async () => {
    const guarded = createEgressClient({ allowPrivate: false });
    const err = await failure(createLlmQualifier(config(), guarded).qualify(lead, defaultCriteria()));
    expect(err.message).toMatch(/refused \(PALISADE_ALLOW_PRIVATE_EGRESS permits them\)/);
    expect(fake.received).toHaveLength(0);
  });
});

describe('the LLM qualifier’s configuration', () => {
  it('is off without PALISADE_LLM_URL and needs the key and model with it', () => {
    expect(llmConfig({})).toBeNull();
    expect(() => llmConfig({ PALISADE_LLM_URL: 'https://llm.example/v1', PALISADE_LLM_MODEL: 'm' })).toThrow(
      new ConfigError('PALISADE_LLM_URL is set, so PALISADE_LLM_API_KEY must be set too.'),
    );
    expect(
      llmConfig({
        PALISADE_LLM_URL: 'https://llm.example/v1',
        PALISADE_LLM_API_KEY: 'k',
        PALISADE_LLM_MODEL: 'm',
        PALISADE_LLM_TIMEOUT: '5',
      }),
    ).toEqual({ url: 'https://llm.example/v1', apiKey: 'k', model: 'm', timeoutMs: 5_000 });
  });
});
