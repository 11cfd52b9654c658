import { describe, expect, it } from 'vitest';
import { PalisadeError } from '../errors/error.ts';
import { mapError } from './error-map.ts';
import { SINGLE_LINE } from './schemas.ts';

/**
 * mapError case by case, with the whole answer compared: what status, code and message a client
 * gets for each kind of failure, which field is named, and what is logged as internal.
 */
const signedIn = { anonymous: false };
const dbError = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('raw database text: select secret from t where x = $1'), {
    code,
    severity: 'ERROR',
    ...extra,
  });
const map = (code: string, extra: Record<string, unknown> = {}) => mapError(dbError(code, extra), signedIn);

describe('errors Palisade raises itself', () => {
  it('keep their code, status, message and field; only 5xx is internal', () => {
    expect(mapError(new PalisadeError('PS404', 'project not found', 'projectId'), signedIn)).toEqual({
      status: 404,
      code: 'PS404',
      message: 'project not found',
      field: 'projectId',
      internal: false,
    });
    expect(mapError(new PalisadeError('PS401', 'sign in'), signedIn)).toEqual({
      status: 401,
      code: 'PS401',
      message: 'sign in',
      internal: false,
    });
    expect(mapError(new PalisadeError('PS500', 'broken'), signedIn)).toMatchObject({ status: 500, internal: true });
    expect(mapError(new PalisadeError('PS503', 'vault down'), signedIn)).toMatchObject({ status: 503, internal: true });
  });
});

describe('request validation (zod)', () => {
  /** A validation failure as fastify-type-provider-zod hands it to the error handler. */
  const validation = (instancePath: string, validationContext?: string) =>
    Object.assign(new Error('validation'), {
      validation: [
        {
          [Symbol.for('ZodFastifySchemaValidationError')]: true,
          keyword: 'invalid_type',
          instancePath,
          schemaPath: '#',
          message: 'Invalid input',
          params: {},
        },
      ],
      ...(validationContext ? { validationContext } : {}),
    });

  it('names the nested field as a dotted path, and a body is 422', () => {
    expect(mapError(validation('/items/0/name', 'body'), signedIn)).toEqual({
      status: 422,
      code: 'PS422',
      message: 'items.0.name: Invalid input',
      field: 'items.0.name',
      internal: false,
    });
  });

  it('without a context it is the body; a problem with the whole body says "the body"', () => {
    expect(mapError(validation(''), signedIn)).toEqual({
      status: 422,
      code: 'PS422',
      message: 'the body: Invalid input',
      internal: false,
    });
    expect(mapError(validation('/'), signedIn)).toMatchObject({ message: 'the body: Invalid input' });
  });

  it('query string, path parameters and headers are 400, named as such when no field is known', () => {
    for (const where of ['querystring', 'params', 'headers']) {
      expect(mapError(validation('', where), signedIn), where).toEqual({
        status: 400,
        code: 'PS400',
        message: `${where}: Invalid input`,
        internal: false,
      });
    }
    expect(mapError(validation('/limit', 'querystring'), signedIn)).toEqual({
      status: 400,
      code: 'PS400',
      message: 'limit: Invalid input',
      field: 'limit',
      internal: false,
    });
  });

  it('an unknown context is answered like the body', () => {
    expect(mapError(validation('', 'cookies'), signedIn)).toEqual({
      status: 422,
      code: 'PS422',
      message: 'cookies: Invalid input',
      internal: false,
    });
  });

  it('only the symbol-marked entries of the zod provider count as request validation', () => {
    const plain = Object.assign(new Error('raw'), { validation: [{ instancePath: '/a', message: 'm' }] });
    expect(mapError(plain, signedIn)).toMatchObject({ status: 500, internal: true });
  });
});

describe('database errors', () => {
  it('are recognised by a five-character SQLSTATE and a severity; anything else is an internal error', () => {
    const internal = { status: 500, code: 'PS500', message: 'internal error', internal: true };
    expect(mapError(Object.assign(new Error('x'), { code: '23505' }), signedIn)).toEqual(internal);
    expect(mapError(Object.assign(new Error('x'), { code: '23505x', severity: 'ERROR' }), signedIn)).toEqual(internal);
    expect(mapError(Object.assign(new Error('x'), { code: 'x23505', severity: 'ERROR' }), signedIn)).toEqual(internal);
    // Five SQLSTATE characters and nothing after: '08006x' is not "connection failure".
    expect(mapError(Object.assign(new Error('x'), { code: '08006x', severity: 'ERROR' }), signedIn)).toEqual(internal);
    expect(mapError(Object.assign(new Error('x'), { code: 23505, severity: 'ERROR' }), signedIn)).toEqual(internal);
    expect(mapError(Object.assign(new Error('x'), { code: '23505', severity: 1 }), signedIn)).toEqual(internal);
    expect(mapError(undefined, signedIn)).toEqual(internal);
    expect(mapError(null, signedIn)).toEqual(internal);
    expect(mapError(new Error('boom'), signedIn)).toEqual(internal);
  });

  it("Palisade's own codes raised in SQL keep their message and column; an unregistered PS code is 400", () => {
    expect(map('PS423', { message: 'the last owner cannot leave', column: 'role' })).toEqual({
      status: 409,
      code: 'PS423',
      message: 'the last owner cannot leave',
      field: 'role',
      internal: false,
    });
    expect(map('PSZZZ', { message: 'odd' })).toEqual({ status: 400, code: 'PSZZZ', message: 'odd', internal: false });
    expect(mapError(Object.assign({ code: 'PS404', severity: 'ERROR' }), signedIn)).toEqual({
      status: 404,
      code: 'PS404',
      message: 'request refused',
      internal: false,
    });
  });

  it('permission denied is 403 for a signed-in caller and 401 for an anonymous one', () => {
    expect(map('42501')).toEqual({
      status: 403,
      code: 'PS403',
      message: 'you are not allowed to do this',
      internal: false,
    });
    expect(mapError(dbError('42501'), { anonymous: true })).toEqual({
      status: 401,
      code: 'PS401',
      message: 'sign in first: send Authorization: Bearer <token> or x-api-key',
      internal: false,
    });
  });

  it('a unique violation is 409, naming the field when the constraint spells it', () => {
    expect(map('23505', { constraint: 'projects_name_key', table: 'projects' })).toEqual({
      status: 409,
      code: 'PS409',
      message: 'name is already taken',
      field: 'name',
      internal: false,
    });
    expect(map('23505')).toEqual({ status: 409, code: 'PS409', message: 'this already exists', internal: false });
  });

  it('the column the database names wins over the constraint', () => {
    expect(map('23502', { column: 'title', constraint: 'projects_name_check', table: 'projects' })).toMatchObject({
      field: 'title',
      message: 'title is required',
    });
  });

  it.each([
    ['organisation_members_org_user_key', 'organisation_members', 'user_id'],
    ['project_members_project_user_key', 'project_members', 'user_id'],
    ['project_members_member_fkey', 'project_members', 'user_id'],
    ['project_members_project_fkey', 'project_members', 'project_id'],
    ['projects_workspace_fkey', 'projects', 'workspace_id'],
    ['invitations_token_hash_key', 'invitations', 'token'],
    ['api_keys_key_hash_key', 'api_keys', 'key'],
    ['projects_pkey', 'projects', 'id'],
    ['projects_slug_check', 'projects', 'slug'],
    ['projects_slug_key', 'projects', 'slug'],
    ['projects_workspace_id_fkey', 'projects', 'workspace_id'],
    ['bookings_during_excl', 'bookings', 'during'],
    ['projects_lower_name_idx', 'projects', 'lower_name'],
    ['projects_name_single_line', 'projects', 'name'],
    ['projects_name_check', undefined, 'projects_name'],
    ['other_table_name_check', 'projects', 'other_table_name'],
    ['Projects-Name', 'projects', undefined],
    ['projects_bad-name_check', 'projects', undefined],
    ['projects_9lives_check', 'projects', undefined],
    ['projects_name_checks', 'projects', 'name_checks'],
    ['projects_', 'projects', undefined],
  ])('constraint %s on %s names the field %s', (constraint, table, field) => {
    const m = map('23514', { constraint, ...(table ? { table } : {}) });
    if (field) expect(m.field).toBe(field);
    else expect(m).not.toHaveProperty('field');
  });

  it('a check violation is 422; the single-line rule says what is wrong', () => {
    expect(map('23514', { constraint: 'projects_name_single_line', table: 'projects' })).toEqual({
      status: 422,
      code: 'PS422',
      message: `name: ${SINGLE_LINE}`,
      field: 'name',
      internal: false,
    });
    expect(map('23514', { constraint: 'projects_name_check', table: 'projects' })).toEqual({
      status: 422,
      code: 'PS422',
      message: 'name is not valid',
      field: 'name',
      internal: false,
    });
    expect(map('23514')).toEqual({ status: 422, code: 'PS422', message: 'a value is not valid', internal: false });
    // A single-line constraint whose name gives no field reads as any check.
    expect(map('23514', { constraint: 'X_single_line' })).toEqual({
      status: 422,
      code: 'PS422',
      message: 'a value is not valid',
      internal: false,
    });
  });

  it('a missing required value is 422', () => {
    expect(map('23502', { column: 'name' })).toEqual({
      status: 422,
      code: 'PS422',
      message: 'name is required',
      field: 'name',
      internal: false,
    });
    expect(map('23502')).toEqual({
      status: 422,
      code: 'PS422',
      message: 'a required value is missing',
      internal: false,
    });
  });

  it('a foreign key: deleting what is still referenced is 409, pointing at nothing is 422', () => {
    const fk = { constraint: 'projects_workspace_fkey', table: 'projects' };
    expect(map('23503', { ...fk, message: 'update or delete on table "workspaces" violates foreign key' })).toEqual({
      status: 409,
      code: 'PS409',
      message: 'other records still refer to this',
      field: 'workspace_id',
      internal: false,
    });
    expect(map('23503', { message: 'update or delete on table "workspaces" violates foreign key' })).toEqual({
      status: 409,
      code: 'PS409',
      message: 'other records still refer to this',
      internal: false,
    });
    expect(map('23503', { ...fk, message: 'insert or update on table "projects" violates foreign key' })).toEqual({
      status: 422,
      code: 'PS422',
      message: 'workspace_id refers to something that does not exist',
      field: 'workspace_id',
      internal: false,
    });
    // Only a message that starts so is a delete.
    expect(map('23503', { message: 'then update or delete failed' })).toEqual({
      status: 422,
      code: 'PS422',
      message: 'a reference points to nothing',
      internal: false,
    });
    expect(mapError({ code: '23503', severity: 'ERROR' }, signedIn)).toMatchObject({ status: 422 });
  });

  it('an exclusion violation is 409', () => {
    expect(map('23P01')).toEqual({
      status: 409,
      code: 'PS409',
      message: 'this conflicts with an existing record',
      internal: false,
    });
  });

  it.each(['22P02', '22007', '22008', '22009', '22003', '22001', '22023', '2201X', '2202E', '22021', '22P05'])(
    'bad input %s is 422, naming the field when known',
    (code) => {
      expect(map(code, { column: 'amount' })).toEqual({
        status: 422,
        code: 'PS422',
        message: 'amount has an invalid value',
        field: 'amount',
        internal: false,
      });
      expect(map(code)).toEqual({
        status: 422,
        code: 'PS422',
        message: 'a value has an invalid format',
        internal: false,
      });
    },
  );

  it.each(['40001', '40P01', '55P03'])('a concurrency failure %s is 409: retry', (code) => {
    expect(map(code)).toEqual({
      status: 409,
      code: 'PS409',
      message: 'a concurrent change got in the way: retry the request',
      internal: false,
    });
  });

  it('a statement timeout and an unavailable database are 503 and internal', () => {
    expect(map('57014')).toEqual({
      status: 503,
      code: 'PS503',
      message: 'the database took too long: try again',
      internal: true,
    });
    for (const code of ['08006', '53300', '57P01']) {
      expect(map(code), code).toEqual({
        status: 503,
        code: 'PS503',
        message: 'the database is unavailable: try again shortly',
        internal: true,
      });
    }
  });

  it('any other SQLSTATE is an internal error that quotes nothing of the database', () => {
    for (const code of ['42P01', '10800', '15300', '4057P', 'XX000']) {
      expect(map(code), code).toEqual({ status: 500, code: 'PS500', message: 'internal error', internal: true });
    }
  });
});

describe("Fastify's own errors", () => {
  it.each([
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'PS413', 'the request body is too large'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'PS415', 'send the body as application/json'],
    ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400, 'PS400', 'Content-Length does not match the body'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'PS400', 'the JSON body is empty'],
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'PS400', 'the body is not valid JSON'],
  ])('%s is %i %s', (code, status, ps, message) => {
    expect(mapError(Object.assign(new Error('raw'), { code, statusCode: 500 }), signedIn)).toEqual({
      status,
      code: ps,
      message,
      internal: false,
    });
  });

  it('rate limiting is 429 with its message; 503 is shutting down', () => {
    expect(mapError({ statusCode: 429, message: 'slow down, retry in 1 minute' }, signedIn)).toEqual({
      status: 429,
      code: 'PS429',
      message: 'slow down, retry in 1 minute',
      internal: false,
    });
    expect(mapError({ statusCode: 429 }, signedIn)).toEqual({
      status: 429,
      code: 'PS429',
      message: 'too many requests',
      internal: false,
    });
    expect(mapError({ statusCode: 503, message: 'raw' }, signedIn)).toEqual({
      status: 503,
      code: 'PS503',
      message: 'the server is shutting down or not ready',
      internal: false,
    });
  });

  it('other client errors keep their status and at most 200 characters of their message', () => {
    expect(mapError({ statusCode: 405, message: 'm'.repeat(300) }, signedIn)).toEqual({
      status: 405,
      code: 'PS405',
      message: 'm'.repeat(200),
      internal: false,
    });
    expect(mapError({ statusCode: 400 }, signedIn)).toEqual({
      status: 400,
      code: 'PS400',
      message: 'bad request',
      internal: false,
    });
    expect(mapError({ statusCode: 499, message: 'x' }, signedIn)).toMatchObject({ status: 499, code: 'PS499' });
  });

  it('anything else, including a 3xx, 5xx or non-numeric status, is an internal error', () => {
    const internal = { status: 500, code: 'PS500', message: 'internal error', internal: true };
    for (const statusCode of [399, 500, 502, '404']) {
      expect(mapError({ statusCode, message: 'raw' }, signedIn), String(statusCode)).toEqual(internal);
    }
    expect(mapError({ code: 'FST_ERR_UNKNOWN', message: 'raw' }, signedIn)).toEqual(internal);
  });
});
