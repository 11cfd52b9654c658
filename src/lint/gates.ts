import { columnName, nodeOf, walk } from './ast.ts';

export const TENANT_COLUMNS: ReadonlySet<string> = new Set(['org_id', 'tenant_org_id']);

export interface NullGate {
  column: string;
  /** Byte offset of the column reference in the text that was parsed. */
  location: number | undefined;
}

function isNullConst(node: unknown): boolean {
  const c = nodeOf<{ isnull?: boolean }>(node, 'A_Const');
  return c?.isnull === true;
}

/**
 * Conditions that let a row through because its tenant is NULL: `org_id is null`, `org_id isnull`,
 * `org_id is not distinct from null` (either side). Global rows live in `platform`, so a
 * NULL tenant is never a reason to show or accept a row. `org_id is not null` is not a gate.
 */
export function nullTenantGates(expr: unknown): NullGate[] {
  const gates: NullGate[] = [];
  const check = (colNode: unknown) => {
    const col = columnName(colNode);
    if (col && TENANT_COLUMNS.has(col)) {
      gates.push({ column: col, location: nodeOf<{ location?: number }>(colNode, 'ColumnRef')?.location });
    }
  };
  walk(expr, (kind, body) => {
    if (kind === 'NullTest' && body.nulltesttype === 'IS_NULL') check(body.arg);
    if (kind === 'A_Expr' && body.kind === 'AEXPR_NOT_DISTINCT') {
      if (isNullConst(body.rexpr)) check(body.lexpr);
      else if (isNullConst(body.lexpr)) check(body.rexpr);
    }
  });
  return gates;
}
