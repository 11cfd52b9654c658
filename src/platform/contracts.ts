/**
 * What a step type version must be before the admin API sends it to the database. The database
 * checks the same (src/platform/sql/0021_registry_contracts.sql) and has the last word; this side
 * adds what SQL cannot do well: full JSON Schema 2020-12 meta-validation with ajv, and the
 * external-call contract with zod, with messages that name the exact place.
 *
 * Step schemas are restricted to a subset both validators implement the same way; SUBSET_KEYWORDS
 * mirrors the SQL list, and a test runs both validators over the same cases.
 */
import Ajv2020Pkg from 'ajv/dist/2020.js';
import { z } from 'zod';

const Ajv2020 = Ajv2020Pkg.default;

const SUBSET_KEYWORDS = [
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'format',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
] as const;
const KEYWORDS: ReadonlySet<string> = new Set(SUBSET_KEYWORDS);
const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

const pointer = (path: string, key: string) => `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keywords outside the subset, at any depth: the first one, as '<pointer>: …'. */
function subsetProblem(s: unknown, path: string): string | null {
  if (typeof s === 'boolean') return null;
  if (!isObject(s)) return `${path || '/'}: a schema must be an object or a boolean`;
  for (const key of Object.keys(s).sort()) {
    const p = pointer(path, key);
    if (!KEYWORDS.has(key))
      return `${p}: the keyword "${key}" is not supported (supported: ${SUBSET_KEYWORDS.join(', ')})`;
    const v = s[key];
    if (key === '$schema' && v !== DRAFT_2020) return `${p}: only ${DRAFT_2020} is supported`;
    if (key === 'properties' && isObject(v)) {
      for (const name of Object.keys(v).sort()) {
        const inner = subsetProblem(v[name], pointer(p, name));
        if (inner) return inner;
      }
    }
    if (key === 'additionalProperties' || key === 'items') {
      const inner = subsetProblem(v, p);
      if (inner) return inner;
    }
  }
  return null;
}

// addUsedSchema: false — schemas carrying an $id are compiled, never registered, so two versions
// with the same $id cannot collide inside the shared instance.
const ajv = new Ajv2020({
  strict: true,
  strictTypes: false,
  strictTuples: false,
  validateFormats: false,
  addUsedSchema: false,
  allErrors: false,
});

const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

function compile(schema: unknown) {
  const key = JSON.stringify(schema);
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(schema as object);
    if (compiled.size > 500) compiled.clear();
    compiled.set(key, fn);
  }
  return fn;
}

/** Null when `schema` is a valid JSON Schema 2020-12 in the supported subset, else '<pointer>: problem'. */
export function stepSchemaProblem(schema: unknown): string | null {
  const subset = subsetProblem(schema, '');
  if (subset) return subset;
  if (!ajv.validateSchema(schema as object)) {
    const e = ajv.errors?.[0];
    return `${e?.instancePath || '/'}: ${e?.message ?? 'not a valid JSON Schema'}`;
  }
  try {
    compile(schema);
  } catch (err) {
    return `/: ${(err as Error).message}`;
  }
  return null;
}

/** Null when `value` satisfies `schema` (a schema that passed stepSchemaProblem), else '<pointer>: problem'. */
export function instanceProblem(schema: unknown, value: unknown): string | null {
  const validate = compile(schema);
  if (validate(value)) return null;
  const e = validate.errors?.[0];
  const where = e?.instancePath || '/';
  if (e?.keyword === 'additionalProperties')
    return `${where}: the property "${String(e.params.additionalProperty)}" is not allowed`;
  if (e?.keyword === 'required') return `${where}: must have the property "${String(e.params.missingProperty)}"`;
  return `${where}: ${e?.message ?? 'is not valid'}`;
}

const PLACEHOLDER = /\{\{\s*config\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * How a custom step calls an external system: stored and checked here, executed by the
 * custom-step runtime. Credentials are named, never embedded: `auth.secret` is the name of a vault
 * secret of the installing organisation. `{}` is a step that calls nothing.
 */
const ExternalCallContract = z
  .object({
    endpoint: z
      .string()
      .min(1)
      .max(2048)
      .describe('an https URL; {{config.<field>}} placeholders are filled from the step configuration at run time'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
    auth: z
      .union([
        z.literal('none'),
        z
          .object({
            type: z.enum(['hmac_sha256', 'bearer']),
            secret: z
              .string()
              .regex(/^[a-z0-9][a-z0-9_.-]{0,127}$/)
              .describe('name of a vault secret of the installing organisation'),
          })
          .strict(),
      ])
      .default('none'),
    timeout_ms: z.number().int().min(100).max(60_000).default(10_000),
    callback: z
      .object({
        expected: z.boolean(),
        timeout_seconds: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 3600)
          .default(3600),
        signature: z.literal('hmac_sha256').default('hmac_sha256'),
      })
      .strict()
      .optional(),
  })
  .strict();

export const ExternalCall = z.union([z.object({}).strict(), ExternalCallContract]);
export type ExternalCall = z.infer<typeof ExternalCall>;

/**
 * Validates an external-call contract against the step's input schema: every placeholder must be a
 * declared input property, and the endpoint must be https once placeholders are filled (or be one
 * placeholder, an URL the runtime checks before calling). Returns the normalised contract.
 */
export function checkExternalCall(
  value: unknown,
  inputSchema: unknown,
): { ok: true; value: ExternalCall } | { ok: false; problem: string } {
  if (isObject(value) && Object.keys(value).length === 0) return { ok: true, value: {} };
  // Parsed against the contract itself (not the union with {}), so an issue names its field.
  const parsed = ExternalCallContract.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: `/${issue.path.join('/')}: ${issue.message}` };
  }
  const c = parsed.data;
  if (!('endpoint' in c)) return { ok: true, value: c };
  const declared = isObject(inputSchema) && isObject(inputSchema.properties) ? inputSchema.properties : {};
  for (const m of c.endpoint.matchAll(PLACEHOLDER)) {
    if (!(m[1]! in declared))
      return { ok: false, problem: `/endpoint: {{config.${m[1]}}} is not a property of input_schema` };
  }
  const whole = c.endpoint.trim();
  const single = [...whole.matchAll(PLACEHOLDER)];
  if (single.length === 1 && single[0]![0] === whole) return { ok: true, value: c };
  let url: URL;
  try {
    url = new URL(whole.replace(PLACEHOLDER, 'x'));
  } catch {
    return { ok: false, problem: '/endpoint: must be an absolute https URL (placeholders allowed)' };
  }
  if (url.protocol !== 'https:') return { ok: false, problem: '/endpoint: must use https' };
  if (url.username || url.password)
    return { ok: false, problem: '/endpoint: credentials never go in the URL: use auth.secret' };
  return { ok: true, value: c };
}
