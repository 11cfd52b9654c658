import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEgressClient } from '../../net/egress.ts';
import { DEMO } from '../../seed/ids.ts';
import { json, userToken, useServer } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { createLlmQualifier, type LlmConfig } from './llm.ts';
import { qualifyRoutes } from './routes.ts';
import { type FakeLlm, fakeLlm } from './testing/fake-llm.ts';
import { addLead, GOOD_LEAD, qualificationCount } from './testing/leads.ts';

const A = DEMO.orgs.a;
const KEY = `sk-test-${randomBytes(16).toString('hex')}`;

describeEngines('lead qualification over HTTP with the LLM qualifier', (ctx) => {
  let fake: FakeLlm;
  let config: LlmConfig;
  const http = createEgressClient({ allowPrivate: true });
  const server = useServer(ctx, () => ({
    routes: [async () => ({ default: qualifyRoutes({ deps: { llm: () => createLlmQualifier(config, http) } }) })],
  }));
  const captureKey = randomUUID();
  let lead: string;
  let member: string;
  let admin: string;
  beforeAll(async () => {
    fake = await fakeLlm(KEY);
    config = { url: fake.baseUrl, apiKey: KEY, model: 'gpt-test-mini', timeoutMs: 5_000 };
    member = await userToken(A.users.member.id);
    admin = await userToken(A.users.admin.id);
    lead = await addLead(ctx.db, A.id, A.workspace, {
      ...GOOD_LEAD,
      hubspot_contact_id: '90210',
      capture_key_id: captureKey,
    });
    const set = await server.inject({
      method: 'PUT',
      url: `/v1/orgs/${A.id}/workspaces/${A.workspace}/qualification-settings`,
      headers: { authorization: `Bearer ${admin}` },
      payload: { qualifier: 'llm' },
    });
    expect(set.statusCode, set.body).toBe(200);
  });
  afterAll(() => fake?.close());
  const qualify = () =>
    server.inject({
      method: 'POST',
      url: `/v1/orgs/${A.id}/leads/${lead}/qualify`,
      headers: { authorization: `Bearer ${member}` },
      payload: { mode: 'sync' },
    });

  it('records what the model answered, and the provider got nothing secret or identifying', async () => {
    const res = await qualify();
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res)).toMatchObject({
      qualifier: 'llm',
      model: 'gpt-test-mini-2024-07-18',
      score: 82,
      outcome: 'qualified',
    });
    const { rows } = await ctx.db.query('select score, qualification from public.leads where id = $1', [lead]);
    expect(rows[0]).toEqual({ score: 82, qualification: 'qualified' });
    const sent = fake.requests.at(-1)!;
    expect(sent.bearer).toBe(KEY);
    for (const secret of [
      lead,
      A.id,
      A.workspace,
      captureKey,
      '90210',
      A.users.member.id,
      member,
      'dana.scully',
      'Dana Scully',
      '7946',
      KEY,
    ])
      expect(sent.body).not.toContain(secret);
    expect(JSON.parse(fake.received.at(-1)!.messages[1]!.content)).toEqual({
      email_domain: 'northwind.example',
      company: 'Northwind',
      job_title: 'Director of Operations',
      website: 'https://northwind.example',
      message: 'Could you send pricing for 40 seats?',
      source: 'manual',
    });
  });

  it('a refused key and a malformed answer are 502s that record nothing', async () => {
    const count = await qualificationCount(ctx.db, A.id);
    config = { ...config, apiKey: 'sk-not-the-key' };
    const refused = await qualify();
    expect(refused.statusCode).toBe(502);
    expect(json(refused).error).toMatchObject({
      code: 'PS502',
      message: 'the LLM qualifier failed: the provider refused the API key (401): check PALISADE_LLM_API_KEY',
    });
    expect(refused.body).not.toContain('sk-not');
    config = { ...config, apiKey: KEY };
    fake.reply = () => '{"score": 70, "outcome": "qualified"';
    const malformed = await qualify();
    expect(malformed.statusCode).toBe(502);
    expect(json(malformed).error.message).toBe('the LLM qualifier failed: the model did not answer with JSON');
    expect(await qualificationCount(ctx.db, A.id)).toBe(count);
  });
});
