/**
 * Small helpers over libpg_query's JSON parse tree. Every node is `{ TypeName: body }`; these keep
 * the rule code readable without a cast on every line.
 */
import type { DefElem, RangeVar } from 'libpg-query';

/** `{ CreateStmt: {…} }` → `['CreateStmt', {…}]`. */
export function unwrap(node: unknown): [string, Record<string, unknown>] | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const body = (node as Record<string, unknown>)[keys[0]!];
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return [keys[0]!, body as Record<string, unknown>];
}

/** The body of a node if it is of kind `k`. */
export function nodeOf<T>(node: unknown, k: string): T | undefined {
  const u = unwrap(node);
  return u && u[0] === k ? (u[1] as T) : undefined;
}

/** A list of `{ String: { sval } }` nodes as plain strings (qualified names, column lists). */
export function strings(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((n) => nodeOf<{ sval?: string }>(n, 'String')?.sval).filter((s): s is string => s !== undefined);
}

/** `schema.name`, with the schema an unqualified name would resolve to. */
export function qualify(rv: RangeVar | undefined, defaultSchema: string): string | undefined {
  if (!rv?.relname) return undefined;
  return `${rv.schemaname ?? defaultSchema}.${rv.relname}`;
}

/** Visits every node under `root` (depth first, document order), with its kind and body. */
export function walk(root: unknown, visit: (kind: string, body: Record<string, unknown>) => void) {
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop();
    if (Array.isArray(n)) {
      for (let i = n.length - 1; i >= 0; i--) stack.push(n[i]);
      continue;
    }
    if (!n || typeof n !== 'object') continue;
    const u = unwrap(n);
    if (u) visit(u[0], u[1]);
    const values = Object.values(u ? u[1] : (n as Record<string, unknown>));
    for (let i = values.length - 1; i >= 0; i--) {
      const v = values[i];
      if (v && typeof v === 'object') stack.push(v);
    }
  }
}

/** The value of a DefElem argument as text: `true`, `'on'`, `1` and `security_invoker` alone all count. */
export function defValue(d: DefElem): string | undefined {
  if (d.arg === undefined) return 'true';
  const u = unwrap(d.arg);
  if (!u) return undefined;
  const [k, b] = u;
  if (k === 'String') return String(b.sval ?? '');
  if (k === 'Boolean') return b.boolval ? 'true' : 'false';
  if (k === 'Integer') return String(b.ival ?? 0);
  if (k === 'TypeName') return strings(b.names).join('.');
  return undefined;
}

export function isTruthy(v: string | undefined): boolean {
  return v !== undefined && ['true', 'on', 'yes', '1', 't', 'y'].includes(v.toLowerCase());
}

/** DefElems of an options list, by name. */
export function defElems(list: unknown): DefElem[] {
  if (!Array.isArray(list)) return [];
  return list.map((n) => nodeOf<DefElem>(n, 'DefElem')).filter((d): d is DefElem => d !== undefined);
}

/** A column reference's last field (`t.org_id` → `org_id`), or undefined for `*` and non-columns. */
export function columnName(node: unknown): string | undefined {
  const ref = nodeOf<{ fields?: unknown[] }>(node, 'ColumnRef');
  if (!ref?.fields?.length) return undefined;
  return nodeOf<{ sval?: string }>(ref.fields[ref.fields.length - 1], 'String')?.sval;
}
