import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEgressClient, type EgressClient } from '../../net/egress.ts';
import { type IntegrationTypeRegistry, integrationTypes } from '../registry.ts';
import { runConnectionTest } from '../test-connection.ts';
import { type FakeRequest, type FakeSystem, fakeSystem, leakForms, plantedSecret } from '../testing.ts';
import { configProblems, credentialsProblems, mappingProblems } from '../validate.ts';
import { destinationFields } from './common.ts';
import type { AnyIntegrationType, TestResult } from './define.ts';

/**
 * The contract every integration type is held to, run by each type's own test file:
 *
 *     describeIntegrationType(acmePayroll, { fake, config, credentials });
 *
 * against a local server playing the external system. src/integrations/types/types.test.ts fails
 * for a registered type whose `<file>.test.ts` does not call it, so a new type cannot ship untested.
 */
export interface ConformanceOptions {
  /** Names this run when a type is described more than once (one run per auth kind, say). */
  label?: string;
  /**
   * Plays the external system: accept `secret` (what `credentials(secret)` carries) and answer
   * anything else with 401 or 403, echoing what was sent, as careless systems do (the suite proves
   * the result repeats none of it). Answer every request, e.g. with sendJson from ../testing.ts.
   */
  fake: (req: FakeRequest, res: ServerResponse, secret: string) => void;
  /** A complete config whose serviceUrl fields point at `url`, the fake system's base URL. */
  config: (url: string) => Record<string, unknown>;
  /** Credentials the fake accepts, carrying `secret`. */
  credentials: (secret: string) => Record<string, unknown>;
  /** The registry the type is offered in; default: the types Palisade ships. */
  registry?: IntegrationTypeRegistry;
}

/** What a type's own tests can use beside the suite, once its fake system runs. */
export interface TypeUnderTest {
  readonly type: AnyIntegrationType;
  readonly registry: IntegrationTypeRegistry;
  /** The secret the fake accepts. */
  readonly secret: string;
  /** The running fake system (inside tests and hooks). */
  readonly system: FakeSystem;
  /** The example config, pointing at the fake. */
  config(): Record<string, unknown>;
  credentials(secret: string): Record<string, unknown>;
  /** URLs the type requested through ctx.http, in order. */
  readonly called: readonly string[];
  /** Runs the type's connection test as POST …/test does: the example config and credentials unless others are given. */
  test(over?: { config?: unknown; credentials?: unknown }): Promise<TestResult>;
}

/** Starts the fake system and wraps the egress client so every URL the type calls is recorded. */
export async function startTypeUnderTest(
  type: AnyIntegrationType,
  opts: ConformanceOptions,
): Promise<TypeUnderTest & { close(): Promise<void> }> {
  const secret = plantedSecret();
  const system = await fakeSystem((req, res) => opts.fake(req, res, secret));
  const egress = createEgressClient({ allowPrivate: true, timeoutMs: 5000 });
  const called: string[] = [];
  const http: EgressClient = {
    allowPrivate: egress.allowPrivate,
    request: (req) => {
      called.push(req.url);
      return egress.request(req);
    },
  };
  const config = () => opts.config(system.url);
  return {
    type,
    registry: opts.registry ?? integrationTypes,
    secret,
    system,
    config,
    credentials: opts.credentials,
    called,
    test: (over = {}) =>
      runConnectionTest(type, over.config ?? config(), over.credentials ?? opts.credentials(secret), http),
    close: () => system.close(),
  };
}

const WRITES = ['PUT', 'PATCH', 'DELETE'];

/** The checks, in order. Each throws (through expect) when the type breaks the rule its title states. */
export const CONFORMANCE: ReadonlyArray<{ title: string; run(t: TypeUnderTest): Promise<void> | void }> = [
  {
    title: 'is registered under its key (one line in src/integrations/types/index.ts)',
    run(t) {
      expect(t.registry.get(t.type.key), `${t.type.key} is not in the registry`).toBe(t.type);
    },
  },
  {
    title: 'config: the example is complete and names no secret; an empty one is incomplete',
    run(t) {
      expect(configProblems(t.type, t.config(), true)).toEqual([]);
      expect(configProblems(t.type, {}, true).length, 'a type needs at least one required setting').toBeGreaterThan(0);
    },
  },
  {
    title: 'credentials: the example fits, an empty object does not, and the published schema has no values',
    run(t) {
      expect(credentialsProblems(t.type, t.credentials(t.secret))).toEqual([]);
      expect(credentialsProblems(t.type, {}).length).toBeGreaterThan(0);
      const published = JSON.stringify(t.registry.describe(t.type).credentials);
      expect(published, 'a credential schema must not carry a default, an example or a const value').not.toMatch(
        /"(default|examples|const)":\s*"(?!bearer|basic|api_key|none)/,
      );
      expect(published).not.toContain(t.secret);
    },
  },
  {
    title:
      'connection test: the right credentials pass, calling only the configured destinations, never with PUT, PATCH or DELETE',
    async run(t) {
      const seen = t.system.requests.length;
      const from = t.called.length;
      expect(await t.test()).toMatchObject({ ok: true });
      const requests = t.system.requests.slice(seen);
      expect(requests.length, 'testConnection must call the system through ctx.http').toBeGreaterThan(0);
      const config = t.config();
      const destinations = new Set(
        destinationFields(t.type.config)
          .map((f) => config[f])
          .filter((v): v is string => typeof v === 'string')
          .map((u) => new URL(u).origin),
      );
      expect(
        t.called.slice(from).filter((u) => !destinations.has(new URL(u).origin)),
        'credentials go only where a serviceUrl config field points',
      ).toEqual([]);
      expect(requests.filter((r) => WRITES.includes(r.method)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    },
  },
  {
    title: 'connection test: wrong credentials are auth_failed, quoting neither them nor what the system echoed',
    async run(t) {
      const wrong = plantedSecret();
      const seen = t.system.requests.length;
      const result = await t.test({ credentials: t.credentials(wrong) });
      expect(result).toMatchObject({ ok: false, code: 'auth_failed' });
      expect(t.system.requests.length, 'the wrong credentials must reach the system').toBeGreaterThan(seen);
      for (const form of leakForms(wrong)) expect(JSON.stringify(result)).not.toContain(form);
    },
  },
  {
    title: 'connection test: an incomplete config is misconfigured, naming a path, before anything is called',
    async run(t) {
      const seen = t.system.requests.length;
      expect(await t.test({ config: {} })).toMatchObject({
        ok: false,
        code: 'misconfigured',
        message: expect.stringMatching(/^config \$/),
      });
      expect(t.system.requests.length).toBe(seen);
    },
  },
  {
    title: 'mappings: the defaults read only mapping sources and map every required target; other targets are refused',
    run(t) {
      const defaults = mappingProblems(t.type, t.type.defaultMappings, true, t.registry.sourcePaths);
      expect(defaults.ok ? [] : defaults.problems).toEqual([]);
      if (t.type.openTargets) return; // a generic type accepts any target its pattern allows
      const source = [...t.registry.sourcePaths][0]!;
      const other = mappingProblems(
        t.type,
        { schema_version: 2, mappings: [{ source, target: 'not_a_target_of_this_type' }] },
        false,
        t.registry.sourcePaths,
      );
      expect(other.ok ? [] : other.problems.map((p) => p.path)).toEqual(['$.mappings[0].target']);
    },
  },
];

/**
 * Declares the contract's tests for one type, against its own fake system, started before the
 * file's tests and stopped after them. Returns the type under test for the file's further tests.
 */
export function describeIntegrationType(type: AnyIntegrationType, opts: ConformanceOptions): TypeUnderTest {
  let running: (TypeUnderTest & { close(): Promise<void> }) | undefined;
  const get = () => {
    if (!running) throw new Error('the fake system is not running: use this inside tests and hooks');
    return running;
  };
  // Hooks at the caller's level, not inside the describe: the fake keeps running for the tests
  // the type's file declares after this call.
  beforeAll(async () => {
    running = await startTypeUnderTest(type, opts);
  });
  afterAll(() => running?.close());
  describe(`${type.key}${opts.label ? ` (${opts.label})` : ''}: the integration type contract`, () => {
    for (const check of CONFORMANCE) it(check.title, () => check.run(get()));
  });
  return {
    type,
    get registry() {
      return get().registry;
    },
    get secret() {
      return get().secret;
    },
    get system() {
      return get().system;
    },
    get called() {
      return get().called;
    },
    config: () => get().config(),
    credentials: (secret) => get().credentials(secret),
    test: (over) => get().test(over),
  };
}
