/**
 * What an export reports. It is what the sync job records as integration_events, so it holds
 * counts, record positions, field names and HTTP statuses: never a credential, a token, or a value
 * of a record (a record's values may themselves be personal data or secrets).
 */
export type ExportFailureCode =
  | 'auth_failed'
  | 'blocked'
  | 'unreachable'
  | 'timeout'
  | 'rate_limited'
  | 'unexpected_response'
  | 'misconfigured'
  | 'rejected'
  | 'unmapped';

export interface ExportError {
  /** The record's position in the records given to the export; null when the whole export (or its rest) failed. */
  index: number | null;
  code: ExportFailureCode;
  message: string;
}

export interface ExportResult {
  /** Records delivered in requests the system answered. */
  sent: number;
  created: number;
  updated: number;
  failed: number;
  errors: ExportError[];
}

/**
 * Thrown inside an export to stop it: the records not yet settled are counted as failed under one
 * error with index null. Auth refused, rate limit exhausted, a system answering nonsense.
 */
export class ExportAbort extends Error {
  override name = 'ExportAbort';
  constructor(
    readonly code: ExportFailureCode,
    message: string,
  ) {
    super(message);
  }
}

/** Counts an export as it goes; every record ends exactly once as created, updated or failed. */
export class Tally {
  readonly #result: ExportResult = { sent: 0, created: 0, updated: 0, failed: 0, errors: [] };
  readonly #settled = new Set<number>();

  constructor(readonly total: number) {}

  sent(n: number) {
    this.#result.sent += n;
  }

  ok(index: number, outcome: 'created' | 'updated') {
    if (this.#settle(index)) this.#result[outcome]++;
  }

  reject(index: number, code: ExportFailureCode, message: string) {
    if (!this.#settle(index)) return;
    this.#result.failed++;
    this.#result.errors.push({ index, code, message });
  }

  /** Fails every record not settled yet, under one error. */
  abort(code: ExportFailureCode, message: string) {
    const open = this.total - this.#settled.size;
    for (let i = 0; i < this.total; i++) this.#settle(i);
    this.#result.failed += open;
    this.#result.errors.push({ index: null, code, message });
  }

  result(): ExportResult {
    return { ...this.#result, errors: [...this.#result.errors] };
  }

  #settle(index: number): boolean {
    if (!Number.isInteger(index) || index < 0 || index >= this.total || this.#settled.has(index)) return false;
    this.#settled.add(index);
    return true;
  }
}
