import { expect, it } from 'vitest';
import { describeEngines } from '../testing/engines.ts';
import { checkRpcProbes, RPC_PROBES } from './rpc-probes.ts';

describeEngines('RPC probes', (ctx) => {
  it(`every persona gets exactly the outcome written for each of the ${RPC_PROBES.length} security-definer RPC probes`, async () => {
    expect(await checkRpcProbes(ctx.db)).toEqual([]);
  });
});
