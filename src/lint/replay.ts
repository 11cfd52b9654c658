/**
 * Replays migration statements, in apply order, into the facts the rules read (model.ts). Only
 * what PostgreSQL would do matters: a table's RLS is its state after the whole set, a policy's
 * WITH CHECK may be added by a later ALTER POLICY, a dropped table is gone.
 */
import type {
  AlterFunctionStmt,
  AlterObjectSchemaStmt,
  AlterPolicyStmt,
  AlterTableCmd,
  AlterTableStmt,
  ColumnDef,
  Constraint,
  CreateFunctionStmt,
  CreatePolicyStmt,
  CreateStmt,
  CreateTableAsStmt,
  DropStmt,
  FunctionParameter,
  IndexElem,
  IndexStmt,
  ObjectWithArgs,
  RangeVar,
  RenameStmt,
  TypeName,
  VariableSetStmt,
  ViewStmt,
} from 'libpg-query';
import { defElems, defValue, isTruthy, nodeOf, qualify, strings, unwrap, walk } from './ast.ts';
import { nullTenantGates } from './gates.ts';
import { type ColumnFact, emptyModel, type Model, policyKey, type TableFact, type ViewFact } from './model.ts';
import type { Location } from './rules.ts';

/** Maps a byte offset in the text being replayed to a location (exact for files, fixed for dynamic SQL). */
export type Locate = (byteOffset: number | undefined) => Location;

const REL_KINDS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW']);

export class Replay {
  readonly model: Model = emptyModel();
  /** Session search_path's first schema; `set local` lasts until the end of the file (one transaction). */
  private sessionSchema = 'public';
  private localSchema: string | undefined;

  get schema() {
    return this.localSchema ?? this.sessionSchema;
  }

  endOfFile() {
    this.localSchema = undefined;
  }

  /** One parsed statement; `start` is the byte offset of its first token. */
  statement(stmt: unknown, start: number, locate: Locate, schema = this.schema) {
    const u = unwrap(stmt);
    if (!u) return;
    const [kind, b] = u;
    switch (kind) {
      case 'CreateStmt':
        return this.createTable(b as CreateStmt, schema, locate);
      case 'CreateTableAsStmt':
        return this.createTableAs(b as CreateTableAsStmt, start, schema, locate);
      case 'AlterTableStmt':
        return this.alterTable(b as AlterTableStmt, schema, locate);
      case 'IndexStmt':
        return this.index(b as IndexStmt, schema);
      case 'CreatePolicyStmt':
        return this.createPolicy(b as CreatePolicyStmt, start, schema, locate);
      case 'AlterPolicyStmt':
        return this.alterPolicy(b as AlterPolicyStmt, schema, locate);
      case 'CreateFunctionStmt':
        return this.createFunction(b as CreateFunctionStmt, start, schema, locate);
      case 'AlterFunctionStmt':
        return this.alterFunction(b as AlterFunctionStmt, schema);
      case 'ViewStmt':
        return this.createView(b as ViewStmt, start, schema, locate);
      case 'DropStmt':
        return this.drop(b as DropStmt, schema);
      case 'RenameStmt':
        return this.rename(b as RenameStmt, schema, locate(start));
      case 'AlterObjectSchemaStmt':
        return this.setSchema(b as AlterObjectSchemaStmt, schema);
      case 'VariableSetStmt':
        return this.setSearchPath(b as VariableSetStmt);
      case 'CreateRoleStmt':
        this.model.rolesCreated?.add((b as { role?: string }).role ?? '');
        return;
      case 'AlterRoleStmt':
      case 'AlterRoleSetStmt': {
        const role = (b as { role?: { rolename?: string } }).role?.rolename;
        if (role) this.model.roleChanges?.push({ role, verb: 'alter', location: locate(start) });
        return;
      }
      case 'DropRoleStmt':
        for (const r of (b as { roles?: { RoleSpec?: { rolename?: string } }[] }).roles ?? []) {
          const role = r.RoleSpec?.rolename;
          if (role) this.model.roleChanges?.push({ role, verb: 'drop', location: locate(start) });
        }
        return;
      case 'CreateSchemaStmt': {
        // create schema x create table … : the elements default to the new schema.
        const s = b as { schemaname?: string; schemaElts?: unknown[] };
        for (const el of s.schemaElts ?? []) this.statement(el, start, locate, s.schemaname ?? schema);
        return;
      }
    }
  }

  private setSearchPath(s: VariableSetStmt) {
    if (s.name !== 'search_path') return;
    let first: string | undefined;
    if (s.kind === 'VAR_SET_VALUE') {
      const names = (s.args ?? []).map((a) => (unwrap(a)?.[1].sval as { sval?: string } | undefined)?.sval);
      first = names.find((n) => n !== undefined && n !== '$user' && n !== 'pg_catalog' && n !== 'pg_temp');
    }
    const value = first ?? 'public';
    if (s.is_local) this.localSchema = value;
    else this.sessionSchema = value;
  }

  private column(def: ColumnDef, locate: Locate): [string, ColumnFact, boolean, boolean] | undefined {
    if (!def.colname) return undefined;
    let notNull = false;
    let pk = false;
    let unique = false;
    for (const c of def.constraints ?? []) {
      const con = nodeOf<Constraint>(c, 'Constraint');
      if (con?.contype === 'CONSTR_NOTNULL') notNull = true;
      if (con?.contype === 'CONSTR_PRIMARY') pk = notNull = true;
      if (con?.contype === 'CONSTR_UNIQUE') unique = true;
    }
    return [def.colname, { notNull, location: locate(def.location) }, pk, unique];
  }

  private tableConstraint(t: TableFact, con: Constraint) {
    const keys = strings(con.keys);
    if (con.contype === 'CONSTR_PRIMARY' || con.contype === 'CONSTR_UNIQUE') {
      if (keys[0]) t.leadingColumns.add(keys[0]);
      if (con.contype === 'CONSTR_PRIMARY')
        for (const k of keys) {
          const col = t.columns?.get(k);
          if (col) col.notNull = true;
        }
    }
    if (con.contype === 'CONSTR_NOTNULL')
      for (const k of keys) {
        const col = t.columns?.get(k);
        if (col) col.notNull = true;
      }
  }

  private createTable(s: CreateStmt, schema: string, locate: Locate) {
    const rel = s.relation;
    if (!rel || rel.relpersistence === 't') return; // temporary tables are private to the session
    const name = qualify(rel, schema)!;
    if (this.model.tables.has(name) && s.if_not_exists) return;
    const t: TableFact = {
      name,
      schema: name.slice(0, name.indexOf('.')),
      location: locate(rel.location),
      rls: false,
      columns: new Map(),
      leadingColumns: new Set(),
    };
    const pending: Constraint[] = [];
    for (const el of s.tableElts ?? []) {
      const def = nodeOf<ColumnDef>(el, 'ColumnDef');
      if (def) {
        const c = this.column(def, locate);
        if (!c) continue;
        t.columns!.set(c[0], c[1]);
        if (c[2] || c[3]) t.leadingColumns.add(c[0]);
        continue;
      }
      const con = nodeOf<Constraint>(el, 'Constraint');
      if (con) pending.push(con);
    }
    for (const con of pending) this.tableConstraint(t, con);
    this.model.tables.set(name, t);
  }

  private createTableAs(s: CreateTableAsStmt, start: number, schema: string, locate: Locate) {
    const rel = s.into?.rel;
    if (!rel || rel.relpersistence === 't') return;
    const name = qualify(rel, schema)!;
    if (s.objtype === 'OBJECT_MATVIEW') {
      this.model.views.set(name, this.viewFact(name, s.query, true, false, locate(start), schema));
      return;
    }
    if (this.model.tables.has(name) && s.if_not_exists) return;
    this.model.tables.set(name, {
      name,
      schema: name.slice(0, name.indexOf('.')),
      location: locate(rel.location),
      rls: false,
      leadingColumns: new Set(),
    });
  }

  private alterTable(s: AlterTableStmt, schema: string, locate: Locate) {
    const name = qualify(s.relation, schema);
    if (!name) return;
    const t = this.model.tables.get(name);
    const v = this.model.views.get(name);
    for (const c of s.cmds ?? []) {
      const cmd = nodeOf<AlterTableCmd>(c, 'AlterTableCmd');
      if (!cmd) continue;
      if (v) {
        if (cmd.subtype === 'AT_SetRelOptions' || cmd.subtype === 'AT_ResetRelOptions') {
          for (const d of defElems(cmd.def && unwrap(cmd.def)?.[1].items)) {
            if (d.defname === 'security_invoker')
              v.securityInvoker = cmd.subtype === 'AT_SetRelOptions' && isTruthy(defValue(d));
          }
        }
        continue;
      }
      if (!t) continue;
      switch (cmd.subtype) {
        case 'AT_EnableRowSecurity':
          t.rls = true;
          delete t.rlsDisabledAt;
          break;
        case 'AT_DisableRowSecurity':
          t.rls = false;
          t.rlsDisabledAt = locate(s.relation?.location);
          break;
        case 'AT_AddColumn': {
          const def = nodeOf<ColumnDef>(cmd.def, 'ColumnDef');
          const col = def && this.column(def, locate);
          if (col && t.columns) {
            t.columns.set(col[0], col[1]);
            if (col[2] || col[3]) t.leadingColumns.add(col[0]);
          }
          break;
        }
        case 'AT_SetNotNull':
          if (cmd.name && t.columns?.get(cmd.name)) t.columns.get(cmd.name)!.notNull = true;
          break;
        case 'AT_DropNotNull':
          if (cmd.name && t.columns?.get(cmd.name)) t.columns.get(cmd.name)!.notNull = false;
          break;
        case 'AT_DropColumn':
          if (cmd.name) t.columns?.delete(cmd.name);
          break;
        case 'AT_AddConstraint': {
          const con = nodeOf<Constraint>(cmd.def, 'Constraint');
          if (con) this.tableConstraint(t, con);
          break;
        }
      }
    }
  }

  private index(s: IndexStmt, schema: string) {
    const t = this.model.tables.get(qualify(s.relation, schema) ?? '');
    // A partial index serves only its predicate's rows: it is not the tenant lookup index.
    if (!t || s.whereClause) return;
    const first = nodeOf<IndexElem>(s.indexParams?.[0], 'IndexElem');
    if (first?.name) t.leadingColumns.add(first.name);
  }

  private createPolicy(s: CreatePolicyStmt, start: number, schema: string, locate: Locate) {
    const table = qualify(s.table, schema);
    if (!table || !s.policy_name) return;
    const gates = [...nullTenantGates(s.qual), ...nullTenantGates(s.with_check)];
    this.model.policies.set(policyKey(table, s.policy_name), {
      table,
      name: s.policy_name,
      cmd: s.cmd_name ?? 'all',
      hasWithCheck: s.with_check !== undefined,
      nullGates: gates.map((g) => ({ column: g.column, location: locate(g.location) })),
      location: locate(start),
    });
  }

  private alterPolicy(s: AlterPolicyStmt, schema: string, locate: Locate) {
    const table = qualify(s.table, schema);
    const p = table && s.policy_name ? this.model.policies.get(policyKey(table, s.policy_name)) : undefined;
    if (!p) return;
    // ALTER POLICY replaces only the clauses it names.
    const kept = p.nullGates;
    const fresh = [...nullTenantGates(s.qual), ...nullTenantGates(s.with_check)].map((g) => ({
      column: g.column,
      location: locate(g.location),
    }));
    p.nullGates = s.qual && s.with_check ? fresh : [...kept, ...fresh];
    if (s.with_check) p.hasWithCheck = true;
  }

  private functionKey(names: unknown, args: string[], schema: string): string {
    const parts = strings(names);
    const qualified = parts.length > 1 ? parts.join('.') : `${schema}.${parts[0]}`;
    return `${qualified}(${args.join(', ')})`;
  }

  private typeName(t: TypeName | undefined): string {
    const n = strings(t?.names).filter((x) => x !== 'pg_catalog');
    return `${n.join('.')}${t?.arrayBounds?.length ? '[]' : ''}`;
  }

  private createFunction(s: CreateFunctionStmt, start: number, schema: string, locate: Locate) {
    const args = (s.parameters ?? [])
      .map((p) => nodeOf<FunctionParameter>(p, 'FunctionParameter'))
      .filter((p) => p && p.mode !== 'FUNC_PARAM_OUT' && p.mode !== 'FUNC_PARAM_TABLE')
      .map((p) => this.typeName(p!.argType));
    const key = this.functionKey(s.funcname, args, schema);
    let definer = false;
    let searchPath: string[] | undefined;
    for (const d of defElems(s.options)) {
      if (d.defname === 'security') definer = isTruthy(defValue(d));
      const set = nodeOf<VariableSetStmt>(d.arg, 'VariableSetStmt');
      if (d.defname === 'set' && set?.name === 'search_path') searchPath = this.searchPathOf(set);
    }
    this.model.functions.set(key, {
      name: key,
      securityDefiner: definer,
      searchPath,
      location: locate(start),
    });
  }

  private alterFunction(s: AlterFunctionStmt, schema: string) {
    const f = s.func as ObjectWithArgs | undefined;
    const args = (f?.objargs ?? []).map((a) => this.typeName(nodeOf<TypeName>(a, 'TypeName')));
    const fact = this.model.functions.get(this.functionKey(f?.objname, args, schema));
    if (!fact) return;
    for (const d of defElems(s.actions)) {
      if (d.defname === 'security') fact.securityDefiner = isTruthy(defValue(d));
      const set = nodeOf<VariableSetStmt>(d.arg, 'VariableSetStmt');
      if (d.defname === 'set' && set?.name === 'search_path') fact.searchPath = this.searchPathOf(set);
      if (d.defname === 'set' && set?.kind === 'VAR_RESET_ALL') fact.searchPath = undefined;
    }
  }

  /**
   * The schemas a function's `SET search_path` names ('' for an empty string). RESET and DEFAULT
   * unpin it; FROM CURRENT copies the migration session's path, which is not known here.
   */
  private searchPathOf(set: VariableSetStmt): string[] | undefined {
    if (set.kind !== 'VAR_SET_VALUE') return undefined;
    return (set.args ?? []).map((a) => (unwrap(a)?.[1].sval as { sval?: string } | undefined)?.sval ?? '');
  }

  private viewFact(
    name: string,
    query: unknown,
    materialized: boolean,
    invoker: boolean,
    location: Location,
    schema: string,
  ): ViewFact {
    const ctes = new Set<string>();
    walk(query, (kind, body) => {
      if (kind === 'CommonTableExpr' && typeof body.ctename === 'string') ctes.add(body.ctename);
    });
    const references = new Set<string>();
    walk(query, (kind, body) => {
      if (kind !== 'RangeVar') return;
      const rv = body as RangeVar;
      if (!rv.schemaname && rv.relname && ctes.has(rv.relname)) return;
      const q = qualify(rv, schema);
      if (q) references.add(q);
    });
    return {
      name,
      schema: name.slice(0, name.indexOf('.')),
      materialized,
      securityInvoker: invoker,
      references,
      location,
    };
  }

  private createView(s: ViewStmt, start: number, schema: string, locate: Locate) {
    const name = qualify(s.view, schema);
    if (!name || s.view?.relpersistence === 't') return;
    const invoker = defElems(s.options).some((d) => d.defname === 'security_invoker' && isTruthy(defValue(d)));
    this.model.views.set(name, this.viewFact(name, s.query, false, invoker, locate(start), schema));
  }

  private drop(s: DropStmt, schema: string) {
    for (const obj of s.objects ?? []) {
      const parts = strings(unwrap(obj)?.[1].items);
      if (REL_KINDS.has(s.removeType ?? '')) {
        const name = parts.length > 1 ? parts.join('.') : `${schema}.${parts[0]}`;
        this.model.tables.delete(name);
        this.model.views.delete(name);
      } else if (s.removeType === 'OBJECT_POLICY' && parts.length >= 2) {
        const policy = parts.at(-1)!;
        const rel = parts.slice(0, -1);
        this.model.policies.delete(policyKey(rel.length > 1 ? rel.join('.') : `${schema}.${rel[0]}`, policy));
      }
    }
  }

  private rename(s: RenameStmt, schema: string, location?: Location) {
    if (s.renameType === 'OBJECT_ROLE' && s.subname && location) {
      this.model.roleChanges?.push({ role: s.subname, verb: 'rename', location });
      return;
    }
    const from = qualify(s.relation, schema);
    if (!from || !s.newname) return;
    if (s.renameType === 'OBJECT_POLICY' && s.subname) {
      const p = this.model.policies.get(policyKey(from, s.subname));
      if (!p) return;
      this.model.policies.delete(policyKey(from, s.subname));
      p.name = s.newname;
      this.model.policies.set(policyKey(from, s.newname), p);
      return;
    }
    if (!REL_KINDS.has(s.renameType ?? '')) return;
    this.move(from, `${from.slice(0, from.indexOf('.'))}.${s.newname}`);
  }

  private setSchema(s: AlterObjectSchemaStmt, schema: string) {
    const from = qualify(s.relation, schema);
    if (!from || !s.newschema || !REL_KINDS.has(s.objectType ?? '')) return;
    this.move(from, `${s.newschema}.${from.slice(from.indexOf('.') + 1)}`);
  }

  private move(from: string, to: string) {
    const t = this.model.tables.get(from);
    if (t) {
      this.model.tables.delete(from);
      this.model.tables.set(to, { ...t, name: to, schema: to.slice(0, to.indexOf('.')) });
      for (const [k, p] of [...this.model.policies]) {
        if (p.table !== from) continue;
        this.model.policies.delete(k);
        this.model.policies.set(policyKey(to, p.name), { ...p, table: to });
      }
    }
    const v = this.model.views.get(from);
    if (v) {
      this.model.views.delete(from);
      this.model.views.set(to, { ...v, name: to, schema: to.slice(0, to.indexOf('.')) });
    }
  }
}
