import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors/codes.ts';
import { describeEngines } from '../testing/engines.ts';
import { checkRpcProbes, LIFECYCLE_RPCS, RPC_PROBES, UNPROBED_RPCS } from './rpc-probes.ts';

/** The functions of `schema` a probe calls. */
const probed = (schema: string) =>
  new Set(
    RPC_PROBES.flatMap((p) => [...p.sql.matchAll(new RegExp(`\\b${schema}\\.(\\w+)\\(`, 'g'))].map((m) => m[1]!)),
  );

describeEngines('RPC probes', (ctx) => {
  it(`every persona gets exactly the outcome written for each of the ${RPC_PROBES.length} security-definer RPC probes`, async () => {
    expect(await checkRpcProbes(ctx.db)).toEqual([]);
  });

  it('probes every public function the API roles may call, or says where it is tested instead', async () => {
    const { rows } = await ctx.db.query<{ name: string }>(
      `select distinct p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.prokind = 'f'
         and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute')
              or has_function_privilege('service_role', p.oid, 'execute'))
       order by 1`,
    );
    const callable = rows.map((r) => r.name);
    const publicProbed = probed('public');
    expect(callable.filter((f) => !publicProbed.has(f) && !(f in UNPROBED_RPCS))).toEqual([]);
    // The exemptions stay honest: none is probed after all, none names a function that is gone.
    expect(Object.keys(UNPROBED_RPCS).filter((f) => publicProbed.has(f) || !callable.includes(f))).toEqual([]);
  });
});

describe('RPC probe data', () => {
  it('probes each lifecycle RPC through its public wrapper and its app definer', () => {
    for (const schema of ['public', 'app']) {
      expect(
        LIFECYCLE_RPCS.filter((f) => !probed(schema).has(f)),
        schema,
      ).toEqual([]);
    }
    expect(LIFECYCLE_RPCS.filter((f) => f in UNPROBED_RPCS)).toEqual([]);
  });

  it('expects only refusals the database raises: 42501 or a registered code SQL raises', () => {
    const sqlCodes = new Set(
      Object.entries(ERROR_CODES)
        .filter(([, c]) => c.sql)
        .map(([code]) => code),
    );
    const stray = RPC_PROBES.flatMap((p) =>
      Object.entries(p.expect)
        .filter(([, want]) => typeof want === 'string' && want !== 'ok' && want !== '42501' && !sqlCodes.has(want))
        .map(([who, want]) => `${p.title}: ${who} ${want}`),
    );
    expect(stray).toEqual([]);
  });
});
