/**
 * A request whose credentials cannot be accepted. The message is safe to show the caller: it says
 * what is wrong with the credential it sent, never anything about keys, users or other tenants.
 */
export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    message: string,
    /** 401 for a bad credential; 503 when the signing keys cannot be fetched right now. */
    readonly status: 401 | 403 | 503 = 401,
  ) {
    super(message);
  }
}
