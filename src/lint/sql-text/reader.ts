/** What the modules beside values.ts (writes.ts, explain.ts) use of the provenance check. */
import type { Expression, Node } from 'typescript/unstable/ast';
import type { Checker, Symbol as TsSymbol } from 'typescript/unstable/sync';
import type { Env, Path, Verdict } from './paths.ts';

export interface Reader {
  readonly checker: Checker;
  value(e: Expression, path: Path, env: Env): Verdict;
  symbolOf(n: Node): TsSymbol | undefined;
  declarationOf(s: TsSymbol): { node?: Node; library: boolean };
}
