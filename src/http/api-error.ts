/**
 * An error the API answers with, as `{ error: { code, message, field?, requestId } }`. Codes are
 * the SQLSTATE-style codes of docs/error-codes.md (PS404, PS422, …), so an error raised in SQL and
 * one raised here read the same to a client.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string, field?: string) => new ApiError(404, 'PS404', `${what} not found`, field);
export const forbidden = (message: string, field?: string) => new ApiError(403, 'PS403', message, field);
export const badRequest = (message: string, field?: string) => new ApiError(400, 'PS400', message, field);
export const invalid = (message: string, field?: string) => new ApiError(422, 'PS422', message, field);
export const preconditionFailed = () =>
  new ApiError(412, 'PS412', 'the resource changed since you read it (If-Match does not match its ETag): fetch it again and retry', 'if-match');
