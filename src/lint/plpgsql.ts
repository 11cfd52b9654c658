/**
 * DO blocks run when a migration is applied, so what they execute is part of the migration set.
 * Their bodies are parsed with PostgreSQL's own PL/pgSQL parser (libpg_query's parsePlPgSQL), and
 * the statements they run are recovered:
 *
 * - static SQL inside the block is taken verbatim (and keeps exact file positions);
 * - `execute <expr>` is evaluated when the expression is built only from constants: string literals,
 *   `||`, format() with %s/%I/%L, quote_ident(), quote_literal(), concat(), variables with constant
 *   defaults or assignments, and `foreach x in array array[…]` loops over constant arrays (the
 *   pattern src/platform/sql/0020 uses to give every platform table its RLS and policy);
 * - anything else (a loop over a query, current_user, a value read from a table) cannot be known
 *   without running it. It is reported as a notice naming the line, never silently passed; the
 *   live mode (`--database-url`, `--fresh`) checks its effect in the catalog.
 */
import { parsePlPgSQLSync, parseSync, scanSync } from 'libpg-query';
import { nodeOf, strings, unwrap } from './ast.ts';

export interface ExpandedStatement {
  text: string;
  /** Line in the DO body (1 = the line the body starts on). */
  line: number;
  /** Verbatim SQL from the body (exact positions can be recovered); false for evaluated dynamic SQL. */
  verbatim: boolean;
  /** For dynamic SQL: the variable bindings that produced it, for messages. */
  bindings?: string;
}

export interface UnresolvedExecute {
  line: number;
  expr: string;
}

type Value = string | string[] | undefined;
type Env = Map<string, Value>;

const WRAP_OPEN = 'create function __palisade_lint_do() returns void language plpgsql as $__palisade_lint$';
const WRAP_CLOSE = '$__palisade_lint$;';

/** quote_ident, always quoting: `"x"` and `x` name the same object when x is lower case, so the parse is the same. */
const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;
const quoteLiteral = (s: string) =>
  s.includes('\\') ? `E'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'` : `'${s.replaceAll("'", "''")}'`;

/** PostgreSQL's format() for %s, %I, %L, %% and positional %n$ — flags and widths give up. */
function format(template: string, args: string[]): string | undefined {
  let out = '';
  let next = 0;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    i++;
    if (template[i] === '%') {
      out += '%';
      continue;
    }
    let digits = '';
    while (i < template.length && template[i]! >= '0' && template[i]! <= '9') digits += template[i++];
    let argIndex = next;
    if (digits) {
      if (template[i] !== '$') return undefined; // a width, not a position
      argIndex = Number(digits) - 1;
      i++;
    }
    const type = template[i];
    const arg = args[argIndex];
    if (arg === undefined) return undefined;
    next = argIndex + 1;
    if (type === 's') out += arg;
    else if (type === 'I') out += quoteIdent(arg);
    else if (type === 'L') out += quoteLiteral(arg);
    else return undefined;
  }
  return out;
}

function evaluateNode(node: unknown, env: Env): Value {
  const u = unwrap(node);
  if (!u) return undefined;
  const [kind, b] = u;
  switch (kind) {
    case 'A_Const':
      // { sval: { sval } } · { ival: { ival } } (0 is encoded as {}) · { isnull: true } is unknown here.
      if (b.sval) return (b.sval as { sval?: string }).sval ?? '';
      if (b.ival) return String((b.ival as { ival?: number }).ival ?? 0);
      return undefined;
    case 'TypeCast':
      return evaluateNode(b.arg, env);
    case 'ColumnRef': {
      const parts = strings(b.fields);
      return parts.length === 1 ? env.get(parts[0]!) : undefined;
    }
    case 'A_ArrayExpr': {
      const items = ((b.elements as unknown[]) ?? []).map((e) => evaluateNode(e, env));
      return items.every((x): x is string => typeof x === 'string') ? items : undefined;
    }
    case 'A_Expr': {
      if (b.kind !== 'AEXPR_OP' || strings(b.name).join('.') !== '||') return undefined;
      const l = evaluateNode(b.lexpr, env);
      const r = evaluateNode(b.rexpr, env);
      return typeof l === 'string' && typeof r === 'string' ? l + r : undefined;
    }
    case 'FuncCall': {
      const name = strings(b.funcname).at(-1);
      const args = ((b.args as unknown[]) ?? []).map((a) => evaluateNode(a, env));
      if (!args.every((x): x is string => typeof x === 'string')) return undefined;
      if (name === 'format' && args.length >= 1) return format(args[0]!, args.slice(1));
      if (name === 'quote_ident' && args.length === 1) return quoteIdent(args[0]!);
      if (name === 'quote_literal' && args.length === 1) return quoteLiteral(args[0]!);
      if (name === 'concat') return args.join('');
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Evaluates a PL/pgSQL expression (the text after `execute`, `:=`, or in `foreach … in array`). */
function evaluate(expr: string, env: Env): Value {
  try {
    const res = parseSync(`select ${expr}`);
    const sel = nodeOf<{ targetList?: unknown[] }>(res.stmts?.[0]?.stmt, 'SelectStmt');
    if (sel?.targetList?.length !== 1) return undefined;
    return evaluateNode(nodeOf<{ val?: unknown }>(sel.targetList[0], 'ResTarget')?.val, env);
  } catch {
    return undefined;
  }
}

/** The expression of an assignment `x := expr` / `x = expr`, found by PostgreSQL's own tokenizer. */
function assignedExpression(text: string): string | undefined {
  const bytes = Buffer.from(text, 'utf8');
  const tok = scanSync(text).tokens.find((t) => t.text === ':=' || t.text === '=');
  return tok ? bytes.subarray(tok.end).toString('utf8') : undefined;
}

type Stmt = Record<string, unknown>;

interface Walk {
  datums: { refname?: string; default?: string }[];
  out: ExpandedStatement[];
  unresolved: UnresolvedExecute[];
}

const exprText = (e: unknown) => nodeOf<{ query?: string }>(e, 'PLpgSQL_expr')?.query;

function describe(env: Env): string | undefined {
  const parts = [...env.entries()].filter(([, v]) => typeof v === 'string').map(([k, v]) => `${k} = '${v as string}'`);
  return parts.length ? parts.join(', ') : undefined;
}

/** Lists of statements nested anywhere in a statement body (then/elsif/else, case arms, exception handlers, loop bodies). */
function nestedLists(body: Stmt): unknown[][] {
  const lists: unknown[][] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) {
      if (v.some((x) => unwrap(x)?.[0].startsWith('PLpgSQL_stmt_'))) lists.push(v);
      else v.forEach(visit);
    } else if (v && typeof v === 'object') {
      const u = unwrap(v);
      if (u && (u[0] === 'PLpgSQL_expr' || u[0].startsWith('PLpgSQL_stmt_'))) return;
      Object.values(u ? u[1] : (v as Stmt)).forEach(visit);
    }
  };
  Object.values(body).forEach(visit);
  return lists;
}

function walkList(list: unknown[], env: Env, w: Walk) {
  for (const item of list) {
    const u = unwrap(item);
    if (!u) continue;
    const [kind, b] = u;
    const line = Number(b.lineno ?? 0);
    switch (kind) {
      case 'PLpgSQL_stmt_execsql': {
        const q = exprText(b.sqlstmt);
        if (q) w.out.push({ text: q, line, verbatim: true });
        break;
      }
      case 'PLpgSQL_stmt_dynexecute': {
        const q = exprText(b.query) ?? '';
        const v = evaluate(q, env);
        if (typeof v === 'string')
          w.out.push({ text: v, line, verbatim: false, ...(describe(env) ? { bindings: describe(env)! } : {}) });
        else w.unresolved.push({ line, expr: q });
        break;
      }
      case 'PLpgSQL_stmt_dynfors': {
        w.unresolved.push({ line, expr: exprText(b.query) ?? '' });
        walkList((b.body as unknown[]) ?? [], env, w);
        break;
      }
      case 'PLpgSQL_stmt_assign': {
        const name = w.datums[Number(b.varno)]?.refname;
        const rhs = assignedExpression(exprText(b.expr) ?? '');
        if (name) env.set(name, rhs === undefined ? undefined : evaluate(rhs, env));
        break;
      }
      case 'PLpgSQL_stmt_foreach_a': {
        const name = w.datums[Number(b.varno)]?.refname;
        const values = evaluate(exprText(b.expr) ?? '', env);
        const body = (b.body as unknown[]) ?? [];
        if (name && Array.isArray(values)) {
          for (const v of values) walkList(body, new Map(env).set(name, v), w);
        } else {
          walkList(body, name ? new Map(env).set(name, undefined) : env, w);
        }
        break;
      }
      default: {
        // Loops that bind a variable make it unknown inside their body.
        const bound = unwrap(b.var)?.[1].refname;
        const inner = typeof bound === 'string' ? new Map(env).set(bound, undefined) : env;
        for (const l of nestedLists(b)) walkList(l, inner, w);
      }
    }
  }
}

/**
 * The statements a DO block body would execute, in order. Throws the PL/pgSQL parser's error when
 * the body is not valid PL/pgSQL (PostgreSQL would refuse the migration too).
 */
export function expandDoBody(body: string): { statements: ExpandedStatement[]; unresolved: UnresolvedExecute[] } {
  const res = parsePlPgSQLSync(`${WRAP_OPEN}${body}${WRAP_CLOSE}`) as unknown as {
    plpgsql_funcs?: { PLpgSQL_function?: { datums?: unknown[]; action?: unknown } }[];
  };
  const fn = res.plpgsql_funcs?.[0]?.PLpgSQL_function;
  const datums = (fn?.datums ?? []).map((d) => {
    const b = unwrap(d)?.[1] ?? {};
    return { refname: b.refname as string | undefined, default: exprText(b.default_val) };
  });
  const env: Env = new Map();
  const w: Walk = { datums, out: [], unresolved: [] };
  for (const d of datums) if (d.refname && d.default !== undefined) env.set(d.refname, evaluate(d.default, env));
  const action = unwrap(fn?.action);
  if (action) walkList([fn!.action], env, w);
  return { statements: w.out, unresolved: w.unresolved };
}
