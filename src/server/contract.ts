import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import fc from 'fast-check';

/**
 * The pieces of src/server/contract.test.ts that know OpenAPI 3.0: fast-check arbitraries built
 * from the document's JSON Schemas (values the schema accepts, and values meant to break it), and
 * a checker that says where a response disagrees with what the document promises.
 */

/** The subset of OpenAPI 3.0 schema objects the generated document uses. */
export interface Schema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

interface MediaType {
  content?: Record<string, { schema?: Schema }>;
  /** `#/components/responses/…`: the shared error responses (src/server/plugins/openapi-errors.ts). */
  $ref?: string;
}

export interface OperationObject {
  parameters?: Parameter[];
  requestBody?: MediaType & { required?: boolean };
  responses: Record<string, MediaType>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema>; responses?: Record<string, MediaType> };
}

/**
 * The document with every `#/components/responses/…` reference of an operation replaced by the
 * response it names, so the checks below read each status's schema directly.
 */
export function withResponsesResolved(doc: OpenApiDocument): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const [p, ops] of Object.entries(doc.paths)) {
    paths[p] = {};
    for (const [method, op] of Object.entries(ops)) {
      const responses: Record<string, MediaType> = {};
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        const name = r.$ref?.replace('#/components/responses/', '');
        const target = name === undefined ? r : doc.components?.responses?.[name];
        if (!target) throw new Error(`unresolved reference ${r.$ref}`);
        responses[status] = target;
      }
      paths[p][method] = { ...op, responses };
    }
  }
  return { ...doc, paths };
}

export type Resolve = (s: Schema) => Schema;

/** Follows `#/components/schemas/…` references (the only kind the generated document has). */
export function resolver(doc: OpenApiDocument): Resolve {
  return (s) => {
    let out = s;
    for (let hops = 0; out.$ref && hops < 10; hops++) {
      const name = out.$ref.replace('#/components/schemas/', '');
      const target = doc.components?.schemas?.[name];
      if (!target) throw new Error(`unresolved reference ${out.$ref}`);
      out = target;
    }
    return out;
  };
}

/** Strings chosen to hurt: NUL, lone surrogates, control and bidi characters, SQL and path tricks, sizes. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '\t\n\r',
  '\u001b[31m',
  '\u202Eevil',
  '\uFEFF',
  'ﷺ🏳️‍🌈𝕏',
  "'; drop table organisations; --",
  '%00',
  '../../etc/passwd',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell-style string, literally
  '${jndi:ldap://x}',
  'null',
  'true',
  '-1',
  '0',
  '1e309',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'x'.repeat(1_001),
  'é'.repeat(20_000),
];

/** Numbers at the edges of every integer type and of JSON. */
const EDGE_NUMBERS: readonly number[] = [
  0,
  -0,
  1,
  -1,
  0.5,
  -1.5,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  -(2 ** 63),
  Number.MAX_SAFE_INTEGER,
  1e308,
  5e-324,
];

const nastyString = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

/** Any JSON value, mostly the wrong type for whatever field it lands in. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constantFrom(...EDGE_NUMBERS),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
);

function stringOf(s: Schema): fc.Arbitrary<string> {
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 10_000));
  switch (s.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc
        .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
  }
  const minLength = s.minLength ?? 0;
  const maxLength = Math.min(s.maxLength ?? 60, 60);
  const edges = [s.minLength ? 'x'.repeat(s.minLength) : '', s.maxLength ? 'y'.repeat(s.maxLength) : 'z'];
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength: Math.max(minLength, maxLength) }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: Math.max(minLength, maxLength) }) },
    { weight: 1, arbitrary: fc.constantFrom(...edges.filter((e) => e.length >= minLength)) },
  );
}

function numberOf(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const exMin = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : undefined;
  const exMax = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : undefined;
  const min = s.minimum ?? (exMin === undefined ? undefined : exMin + (integer ? 1 : Number.EPSILON));
  const max = s.maximum ?? (exMax === undefined ? undefined : exMax - (integer ? 1 : Number.EPSILON));
  const edges = [min, max, 0, 1].filter(
    (n): n is number => n !== undefined && (min === undefined || n >= min) && (max === undefined || n <= max),
  );
  const range = integer
    ? fc.integer({ min: Math.max(min ?? -(2 ** 31), -(2 ** 31)), max: Math.min(max ?? 2 ** 31 - 1, 2 ** 31 - 1) })
    : fc.double({ min: min ?? -1e9, max: max ?? 1e9, noNaN: true, noDefaultInfinity: true });
  return edges.length > 0 ? fc.oneof(range, fc.constantFrom(...edges)) : range;
}

/** A value the schema accepts (patterns honoured; formats as fast-check knows them). */
function validValue(schema: Schema, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const value = validNonNull(s, resolve, depth);
  return s.nullable ? fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) }) : value;
}

function validNonNull(s: Schema, resolve: Resolve, depth: number): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.allOf?.length === 1) return validValue(s.allOf[0]!, resolve, depth);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => validValue(a, resolve, depth + 1)));
  switch (s.type) {
    case 'string':
      return stringOf(s);
    case 'integer':
      return numberOf(s, true);
    case 'number':
      return numberOf(s, false);
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(s.items && depth < 4 ? validValue(s.items, resolve, depth + 1) : fc.string(), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 4, 4),
      });
    case 'object':
      return objectOf(s, resolve, depth);
    default:
      // No type: any JSON (free-form documents such as `spec` or `config`).
      return depth < 4 ? fc.jsonValue({ maxDepth: 2 }) : fc.constant({});
  }
}

function objectOf(s: Schema, resolve: Resolve, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties ?? {};
  if (Object.keys(props).length === 0) {
    return s.additionalProperties === false || depth >= 4
      ? fc.constant({})
      : fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
  }
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) record[k] = validValue(v, resolve, depth + 1);
  return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => k in props) }) as fc.Arbitrary<
    Record<string, unknown>
  >;
}

/**
 * A request body: mostly valid by the schema (or the hand-written one that reaches the
 * database), the rest broken one way each: a required field missing, an unknown field, one
 * field of the wrong type or nasty, or not an object at all.
 */
export function bodyArbitrary(schema: Schema, resolve: Resolve, known?: () => unknown): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const valid = validValue(s, resolve);
  const base = known
    ? fc.oneof(
        valid,
        fc.constant(null).map(() => known()),
      )
    : valid;
  const fields = Object.keys(s.properties ?? {});
  const asObject = base.filter((b): b is Record<string, unknown> => typeof b === 'object' && b !== null);
  const broken: fc.Arbitrary<unknown>[] = [
    junk,
    fc.tuple(asObject, fc.string({ minLength: 1, maxLength: 12 }), junk).map(([b, k, v]) => ({ ...b, [k]: v })),
  ];
  if (fields.length > 0) {
    broken.push(
      fc.tuple(asObject, fc.constantFrom(...fields), junk).map(([b, k, v]) => ({ ...b, [k]: v })),
      fc.tuple(asObject, fc.constantFrom(...(s.required?.length ? s.required : fields))).map(([b, k]) => {
        const { [k]: _gone, ...rest } = b;
        return rest;
      }),
    );
  }
  return fc.oneof({ weight: 3, arbitrary: base }, { weight: 2, arbitrary: fc.oneof(...broken) });
}

/** A query or header value: a valid one written as text, or nasty text. */
export function textArbitrary(schema: Schema, resolve: Resolve): fc.Arbitrary<string> {
  const valid = validValue(schema, resolve).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: nastyString });
}

/** A documented status: the exact code, or its range (`4XX`) while the document still has ranges. */
function documentedResponse(op: OperationObject, status: number): MediaType | undefined {
  const r = op.responses;
  return r[String(status)] ?? r[`${String(status)[0]}XX`] ?? r[`${String(status)[0]}xx`] ?? r.default;
}

/**
 * Compiles schemas of a document, OpenAPI 3.0 `nullable` included, formats checked. With
 * `coerce`, for parameters: text as the schema's type (`"5"` is an integer), wrapped in an object
 * so Ajv can coerce it in place. With `request`, for judging requests: a pattern wins over a format.
 */
export function schemaValidator(
  doc: OpenApiDocument,
  { coerce = false, request = false } = {},
): (schema: Schema) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: coerce });
  // ajv-formats is CommonJS with a `default` beside module.exports; either is the plugin.
  (formats as unknown as typeof formats.default)(ajv);
  ajv.addSchema(toJsonSchema({ $id: 'openapi.json', components: doc.components ?? {} }, request) as object);
  const cache = new Map<Schema, ValidateFunction>();
  return (schema) => {
    let v = cache.get(schema);
    if (!v) {
      const wrapped = coerce ? { type: 'object', properties: { v: schema } } : schema;
      const rewritten = JSON.parse(JSON.stringify(wrapped).replaceAll('"#/components/', '"openapi.json#/components/'));
      v = ajv.compile(toJsonSchema(rewritten, request) as object);
      cache.set(schema, v);
    }
    return v;
  };
}

/**
 * An OpenAPI 3.0 schema as the JSON Schema Ajv validates. `nullable: true`: `anyOf` the schema and null. Ajv knows
 * `nullable` only beside a `type`, and the document also puts it beside `$ref`, `allOf` and `enum`.
 */
function toJsonSchema(node: unknown, request = false): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, request));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    // `properties` maps names to schemas: a property may be called `nullable`.
    out[k] = k === 'nullable' ? v : toJsonSchema(v, request);
  }
  // Judging a request, the pattern beside a format is what the server enforces (zod writes both;
  // its email pattern and ajv-formats' email format differ at the edges, e.g. a label ending in "-").
  if (request && typeof out.pattern === 'string') delete out.format;
  // 3.0's boolean exclusiveMinimum/Maximum qualify minimum/maximum; JSON Schema's carry the bound.
  for (const [ex, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[ex] !== 'boolean') continue;
    if (out[ex] && typeof out[bound] === 'number') out[ex] = out[bound];
    else delete out[ex];
    if (typeof out[ex] === 'number') delete out[bound];
  }
  if (out.nullable !== true) return out;
  const { nullable: _n, description, ...rest } = out;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: 'null' }] };
}

export interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** Where an answer breaks the document's promise for the operation, as short sentences; none when it keeps it. */
export function contractProblems(
  op: OperationObject,
  res: Answer,
  validator: (schema: Schema) => ValidateFunction,
): string[] {
  const status = res.statusCode;
  if (status >= 500) return [`${status} (server error)`];
  const documented = documentedResponse(op, status);
  if (!documented) return [`${status} is not a documented status (${Object.keys(op.responses).join(', ')})`];
  if (status === 204) return res.body.length > 0 ? ['204 with a body'] : [];
  const schema = documented.content?.['application/json']?.schema;
  if (!schema) return res.body.length > 0 ? [`${status} has a body but the document promises none`] : [];
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) return [`${status} answered ${type || 'no content type'}, not JSON`];
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return [`${status} body is not JSON`];
  }
  const validate = validator(schema);
  if (validate(body)) return [];
  return (validate.errors ?? []).slice(0, 3).map((e) => `${status} body ${e.instancePath || '/'} ${e.message}`);
}

export interface SentRequest {
  path: Record<string, string>;
  query: Record<string, string | undefined>;
  body?: { value: unknown };
}

/**
 * A request the document refuses (a body or parameter outside its schema) must not succeed: a 2xx
 * for it means the server and the document disagree about what is valid.
 */
export function acceptedRefused(
  op: OperationObject,
  req: SentRequest,
  status: number,
  validators: { body: (schema: Schema) => ValidateFunction; param: (schema: Schema) => ValidateFunction },
): string[] {
  if (status >= 300) return [];
  const out: string[] = [];
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  if (bodySchema && req.body) {
    const validate = validators.body(bodySchema);
    if (!validate(req.body.value)) {
      const e = validate.errors?.[0];
      out.push(`${status} for a body the document refuses (${e?.instancePath || '/'} ${e?.message})`);
    }
  }
  for (const p of op.parameters ?? []) {
    const value = p.in === 'path' ? req.path[p.name] : p.in === 'query' ? req.query[p.name] : undefined;
    if (value === undefined) continue;
    const validate = validators.param(p.schema);
    if (!validate({ v: value })) out.push(`${status} for ${p.in} parameter ${p.name} the document refuses`);
  }
  return out;
}
