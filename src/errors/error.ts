import { type ErrorCode, statusOf } from './codes.ts';

/**
 * The one error Palisade code throws for a refusal a caller should see: a registered code
 * (src/errors/codes.ts, which gives the HTTP status), a message written for the client, and the
 * input it is about when there is one. The HTTP error mapping answers it as
 * `{ error: { code, message, field?, requestId } }`; an error raised in SQL reads the same.
 */
export class PalisadeError extends Error {
  override name = 'PalisadeError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field (request property, column, header) the error is about. */
    readonly field?: string,
    /** For an invalid document: the JSON path of the first problem inside `field`, e.g. `$.mappings[2].target`. */
    readonly detail?: string,
  ) {
    super(message);
  }

  get status(): number {
    return statusOf(this.code);
  }

  /** PostgreSQL's name for `field`: code that reads a database error reads this one the same way. */
  get column(): string | undefined {
    return this.field;
  }
}

export const notFound = (what: string, field?: string) => new PalisadeError('PS404', `${what} not found`, field);
export const forbidden = (message: string, field?: string) => new PalisadeError('PS403', message, field);
export const badRequest = (message: string, field?: string) => new PalisadeError('PS400', message, field);
export const invalid = (message: string, field?: string) => new PalisadeError('PS422', message, field);
export const preconditionFailed = () =>
  new PalisadeError(
    'PS412',
    'the resource changed since you read it (If-Match does not match its ETag): fetch it again and retry',
    'if-match',
  );
