/**
 * What the provenance check asks about a value. SQL text is rarely one expression: it is a property
 * of a statement object, an element of an array that is joined, the key of an object whose entries
 * become `col = $n`. A path names the part that ends up in the SQL text, so that only that part has
 * to be constant (a statement's `params` may hold anything: they are bind parameters).
 */
import type { Expression, Node } from 'typescript/unstable/ast';

/** A property by name (`.sql`, `[0]`), any element or property value, any own key, or a call's result. */
export type Step = { prop: string } | 'elem' | 'key' | { call: Arg[] };
export type Path = readonly Step[];

export const isProp = (s: Step | undefined): s is { prop: string } => typeof s === 'object' && 'prop' in s;
export const isCall = (s: Step | undefined): s is { call: Arg[] } => typeof s === 'object' && 'call' in s;

/**
 * What a parameter is bound to while a function is followed into: an expression (with the path to
 * apply to its value) in its caller's environment, a value known to be constant (an array index),
 * nothing (the parameter's default, or undefined), or something that cannot be followed.
 */
export type Arg =
  | { expr: Expression; env: Env; path: Path }
  | { constant: true }
  | { absent: true }
  | { unknown: Node; why: string };

/** Parameter bindings of the calls being followed, innermost first. */
export class Env {
  private static next = 1;
  readonly id: number;
  constructor(
    readonly bindings: ReadonlyMap<Node, Arg>,
    readonly parent?: Env,
  ) {
    this.id = bindings.size === 0 && !parent ? 0 : Env.next++;
  }
  lookup(param: Node): Arg | undefined {
    return this.bindings.get(param) ?? this.parent?.lookup(param);
  }
}

export const TOP = new Env(new Map());

export function pathKey(path: Path): string {
  return path.map((s) => (typeof s === 'string' ? s : 'prop' in s ? `.${s.prop}` : '()')).join('');
}

/** Where the text went wrong, in words a reader can act on. */
export interface Taint {
  node: Node;
  why: string;
  /** The calls the value came through, outermost first (where to look for it). */
  via?: string[];
}

/** `undefined` when the value is constant, else where it stops being. */
export type Verdict = Taint | undefined;

export function taint(node: Node, why: string): Taint {
  return { node, why };
}
