/**
 * PAL010: a comparison `x not in (…)`, `x <> …` or `x != …` is NULL, not true, when x is NULL, so
 * `if caller_role not in ('owner', 'operator') then raise …` lets a caller without a role through
 *. This finds such comparisons in function bodies where x is a role that may be
 * NULL: a variable or parameter named like *role*, or the result of a function named like *role*.
 * Column and record fields (`m.role`, `new.role`) are left alone: columns carry NOT NULL. Safe forms:
 * `coalesce(x, '') not in (…)`, `x is distinct from …`, or `x is null or x not in (…)`.
 */
import { scanSync } from 'libpg-query';

interface Token {
  text: string;
  name: string;
  start: number;
}

interface NullableRoleComparison {
  /** Byte offset of the role expression in the scanned text. */
  offset: number;
  expression: string;
  operator: string;
}

const ROLE_NAME = /role/i;
/** Role functions that never return NULL (app.current_api_role() coalesces to ''). */
const NEVER_NULL = new Set(['current_api_role']);
const isName = (t: Token | undefined) =>
  !!t && (t.name === 'IDENT' || (t.name === 'UNKNOWN' && /^[a-z_]\w*$/i.test(t.text)));

function tokens(text: string): Token[] {
  const bytes = Buffer.from(text, 'utf8');
  return scanSync(text)
    .tokens.filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT')
    .map((t) => ({ text: bytes.subarray(t.start, t.end).toString('utf8'), name: t.tokenName, start: t.start }));
}

/** The role operand ending at index `end` (inclusive), or undefined when it is not a nullable role. */
function leftRole(ts: Token[], end: number): { at: number; expression: string } | undefined {
  const last = ts[end];
  if (!last) return undefined;
  if (last.text === ')') {
    // A function call: find its opening parenthesis, then its name.
    let depth = 0;
    for (let j = end; j >= 0; j--) {
      if (ts[j]!.text === ')') depth++;
      else if (ts[j]!.text === '(' && --depth === 0) {
        const fn = ts[j - 1];
        const name = fn?.text.toLowerCase() ?? '';
        if (!isName(fn) || name === 'coalesce' || NEVER_NULL.has(name) || !ROLE_NAME.test(name)) return undefined;
        const first = ts[j - 2]?.text === '.' && isName(ts[j - 3]) ? j - 3 : j - 1;
        return {
          at: first,
          expression: `${ts
            .slice(first, j)
            .map((t) => t.text)
            .join('')}(…)`,
        };
      }
    }
    return undefined;
  }
  if (!isName(last) || !ROLE_NAME.test(last.text) || ts[end - 1]?.text === '.') return undefined;
  // `x is null or x not in (…)` already refuses NULL.
  const guard = ts.slice(Math.max(0, end - 4), end).map((t) => t.text.toLowerCase());
  if (guard.join(' ') === `${last.text.toLowerCase()} is null or`) return undefined;
  return { at: end, expression: last.text };
}

/** The nullable role comparisons in a function body (SQL or PL/pgSQL). */
export function nullableRoleComparisons(body: string): NullableRoleComparison[] {
  let ts: Token[];
  try {
    ts = tokens(body);
  } catch {
    return []; // unscannable text is PAL000's business when it matters
  }
  const out: NullableRoleComparison[] = [];
  for (let i = 1; i < ts.length; i++) {
    const t = ts[i]!;
    const notIn = t.text.toLowerCase() === 'not' && ts[i + 1]?.text.toLowerCase() === 'in';
    const notEquals = t.text === '<>' || t.text === '!=';
    if (!notIn && !notEquals) continue;
    const operator = notIn ? 'not in' : t.text;
    const left = leftRole(ts, i - 1);
    if (left) {
      out.push({ offset: ts[left.at]!.start, expression: left.expression, operator });
      continue;
    }
    // `'owner' <> caller_role`: a bare role variable on the right.
    const right = ts[i + 1];
    if (notEquals && isName(right) && ROLE_NAME.test(right!.text) && !['.', '('].includes(ts[i + 2]?.text ?? ''))
      out.push({ offset: right!.start, expression: right!.text, operator });
  }
  return out;
}
