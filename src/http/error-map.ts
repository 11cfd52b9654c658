import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isErrorCode, statusOf } from '../errors/codes.ts';
import { PalisadeError } from '../errors/error.ts';
import { SINGLE_LINE } from './schemas.ts';

/**
 * The one place where anything thrown while serving a request becomes an HTTP status and a
 * client-safe body. SQL text, parameters, constraint details and stacks never leave here: a
 * database error contributes its SQLSTATE and, where it names one, a field.
 */
export interface MappedError {
  status: number;
  code: string;
  message: string;
  field?: string;
  /** True when the error is a bug or an outage (logged with its stack), not the caller's doing. */
  internal: boolean;
  /** PS402: the plan limit that refused the request. */
  usage?: UsageLimit;
}

interface UsageLimit {
  metric: string;
  limit: number;
  /** When the metric's count starts again from zero (a monthly one); null for what exists at once. */
  resetAt: string | null;
}

/** The limit a PS402 names, from its detail (JSON written by app.consume_usage or the API counter). */
function usageLimitOf(detail: string | undefined): UsageLimit | undefined {
  if (!detail) return undefined;
  try {
    const d = JSON.parse(detail) as { metric?: unknown; limit?: unknown; reset_at?: unknown };
    if (typeof d.metric !== 'string' || typeof d.limit !== 'number') return undefined;
    return { metric: d.metric, limit: d.limit, resetAt: typeof d.reset_at === 'string' ? d.reset_at : null };
  } catch {
    return undefined;
  }
}

interface DbErrorLike {
  code: string;
  message?: string;
  detail?: string;
  column?: string;
  constraint?: string;
  table?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

function isDbError(err: unknown): err is DbErrorLike {
  const e = err as { code?: unknown; severity?: unknown };
  return typeof e?.code === 'string' && SQLSTATE.test(e.code) && typeof e.severity === 'string';
}

/** Constraints whose name does not spell their column; the rest follow `<table>_<column>_<kind>`. */
const CONSTRAINT_FIELDS: Record<string, string> = {
  organisation_members_org_user_key: 'user_id',
  project_members_project_user_key: 'user_id',
  project_members_member_fkey: 'user_id',
  project_members_project_fkey: 'project_id',
  projects_workspace_fkey: 'workspace_id',
  invitations_token_hash_key: 'token',
  api_keys_key_hash_key: 'key',
  leads_workspace_fkey: 'workspace_id',
  lead_qualifications_lead_fkey: 'lead_id',
  qualification_settings_workspace_fkey: 'workspace_id',
  qualification_settings_workspace_key: 'workspace_id',
  lead_capture_keys_workspace_fkey: 'workspace_id',
  leads_contact_check: 'email',
};

function fieldFromConstraint(constraint: string | undefined, table: string | undefined): string | undefined {
  if (!constraint) return undefined;
  if (CONSTRAINT_FIELDS[constraint]) return CONSTRAINT_FIELDS[constraint];
  if (constraint.endsWith('_pkey')) return 'id';
  let name = constraint;
  if (table && name.startsWith(`${table}_`)) name = name.slice(table.length + 1);
  name = name.replace(/_(check|key|fkey|excl|idx|single_line)$/, '');
  return /^[a-z][a-z0-9_]*$/.test(name) ? name : undefined;
}

function mapDbError(e: DbErrorLike, anonymous: boolean): MappedError {
  const field = e.column || fieldFromConstraint(e.constraint, e.table);
  const withField = (m: Omit<MappedError, 'field' | 'internal'>, f = field): MappedError => ({
    ...m,
    ...(f ? { field: f } : {}),
    internal: false,
  });
  if (e.code.startsWith('PS')) {
    // Our own codes carry messages written for clients (src/*/sql raise … using errcode = 'PS…').
    const status = isErrorCode(e.code) ? statusOf(e.code) : 400;
    const usage = e.code === 'PS402' ? usageLimitOf(e.detail) : undefined;
    return {
      ...withField({ status, code: e.code, message: e.message ?? 'request refused' }),
      ...(usage ? { usage } : {}),
    };
  }
  switch (e.code) {
    case '42501':
      // Permission denied or a row refused by a policy. Routes under /v1/orgs/:orgId assert
      // membership first, so a stranger has already had its 404; this caller may see the thing.
      return anonymous
        ? {
            status: 401,
            code: 'PS401',
            message: 'sign in first: send Authorization: Bearer <token> or x-api-key',
            internal: false,
          }
        : { status: 403, code: 'PS403', message: 'you are not allowed to do this', internal: false };
    case '23505':
      return withField({
        status: 409,
        code: 'PS409',
        message: field ? `${field} is already taken` : 'this already exists',
      });
    case '23514':
      // <table>_<column>_single_line: the database's own copy of the HTTP layer's Name rule.
      if (e.constraint?.endsWith('_single_line') && field)
        return withField({ status: 422, code: 'PS422', message: `${field}: ${SINGLE_LINE}` });
      return withField({
        status: 422,
        code: 'PS422',
        message: field ? `${field} is not valid` : 'a value is not valid',
      });
    case '23502':
      return withField({
        status: 422,
        code: 'PS422',
        message: field ? `${field} is required` : 'a required value is missing',
      });
    case '23503':
      // Deleting something still referenced is a conflict; pointing at something missing is bad input.
      return /^update or delete/.test(e.message ?? '')
        ? withField({ status: 409, code: 'PS409', message: 'other records still refer to this' })
        : withField({
            status: 422,
            code: 'PS422',
            message: field ? `${field} refers to something that does not exist` : 'a reference points to nothing',
          });
    case '23P01':
      return withField({ status: 409, code: 'PS409', message: 'this conflicts with an existing record' });
    case '22P02':
    case '22007':
    case '22008':
    case '22009':
    case '22003':
    case '22001':
    case '22023':
    case '2201X':
    case '2202E':
    case '22021':
    case '22P05':
      return withField({
        status: 422,
        code: 'PS422',
        message: field ? `${field} has an invalid value` : 'a value has an invalid format',
      });
    case '40001':
    case '40P01':
    case '55P03':
      return {
        status: 409,
        code: 'PS409',
        message: 'a concurrent change got in the way: retry the request',
        internal: false,
      };
    case '57014':
      return { status: 503, code: 'PS503', message: 'the database took too long: try again', internal: true };
  }
  if (/^(08|53|57P)/.test(e.code))
    return { status: 503, code: 'PS503', message: 'the database is unavailable: try again shortly', internal: true };
  return { status: 500, code: 'PS500', message: 'internal error', internal: true };
}

const FASTIFY_CODES: Record<string, Omit<MappedError, 'internal'>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PS413', message: 'the request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'PS415', message: 'send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'PS400', message: 'Content-Length does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'PS400', message: 'the JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'PS400', message: 'the body is not valid JSON' },
};

const VALIDATION_STATUS: Record<string, { status: number; code: string }> = {
  body: { status: 422, code: 'PS422' },
  querystring: { status: 400, code: 'PS400' },
  params: { status: 400, code: 'PS400' },
  headers: { status: 400, code: 'PS400' },
};

export function mapError(err: unknown, ctx: { anonymous: boolean }): MappedError {
  if (err instanceof PalisadeError) {
    // A 5xx refusal (signing keys or the vault unavailable) is an outage: logged with its stack.
    const usage = err.code === 'PS402' ? usageLimitOf(err.detail) : undefined;
    return {
      status: err.status,
      code: err.code,
      message: err.message,
      ...(err.field ? { field: err.field } : {}),
      ...(usage ? { usage } : {}),
      internal: err.status >= 500,
    };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? 'body';
    const first = err.validation[0]!;
    const path = first.instancePath.replace(/^\//, '').split('/').filter(Boolean);
    const field = path.join('.') || undefined;
    const { status, code } = VALIDATION_STATUS[where] ?? VALIDATION_STATUS.body!;
    const message = field ? `${field}: ${first.message}` : `${where === 'body' ? 'the body' : where}: ${first.message}`;
    return { status, code, message, ...(field ? { field } : {}), internal: false };
  }
  if (isDbError(err)) return mapDbError(err, ctx.anonymous);
  const fe = err as { code?: string; statusCode?: number; message?: string };
  if (fe?.code && FASTIFY_CODES[fe.code]) return { ...FASTIFY_CODES[fe.code]!, internal: false };
  if (fe?.statusCode === 429)
    return { status: 429, code: 'PS429', message: fe.message ?? 'too many requests', internal: false };
  if (fe?.statusCode === 503)
    return { status: 503, code: 'PS503', message: 'the server is shutting down or not ready', internal: false };
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors (bad headers, unsupported method…): their messages describe the request.
    return {
      status: fe.statusCode,
      code: `PS${fe.statusCode}`,
      message: (fe.message ?? 'bad request').slice(0, 200),
      internal: false,
    };
  }
  return { status: 500, code: 'PS500', message: 'internal error', internal: true };
}
