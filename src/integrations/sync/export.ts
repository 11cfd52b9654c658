import type { EgressClient } from '../../net/egress.ts';
import { scrub, stringsIn } from '../../vault/redacted.ts';
import type { AnyIntegrationType } from '../types/define.ts';
import { configProblems, credentialsProblems } from '../validate.ts';
import { mapRecords } from './map.ts';
import type { SourceRecord } from './records.ts';
import type { ExportError, ExportResult } from './result.ts';

const MAX_MESSAGE = 500;

export interface ExportInput {
  type: AnyIntegrationType;
  /** The integration's stored config, checked in full before anything is sent. */
  config: unknown;
  /** Decrypted for this call only. */
  credentials: unknown;
  /** The stored field_mappings document, any schema_version. */
  mappings: unknown;
  records: readonly SourceRecord[];
  /** The guarded client: private addresses refused unless the operator allows them. */
  http: EgressClient;
}

const everything = (n: number, error: ExportError): ExportResult => ({
  sent: 0,
  created: 0,
  updated: 0,
  failed: n,
  errors: [error],
});

/**
 * One export, as the sync job runs it: config and credentials validated, records mapped (problems
 * reported per record), the mapped ones sent by the type, and the result's indexes turned back into
 * positions in `records`. Whatever a type or a remote system puts in a message is scrubbed of every
 * credential string; an exception inside a type is reported by its kind only, since its message
 * may quote what the type was holding.
 */
export async function runExport(input: ExportInput): Promise<ExportResult> {
  const { type, records } = input;
  const secrets = stringsIn(input.credentials);
  const clean = (r: ExportResult): ExportResult => ({
    ...r,
    errors: r.errors
      .map((e) => ({ ...e, message: scrub(e.message, secrets).slice(0, MAX_MESSAGE) }))
      .sort((a, b) => (a.index ?? -1) - (b.index ?? -1)),
  });
  const config = configProblems(type, input.config, true)[0];
  if (config)
    return everything(records.length, {
      index: null,
      code: 'misconfigured',
      message: `config ${config.path} ${config.message}`,
    });
  const credentials = credentialsProblems(type, input.credentials)[0];
  if (credentials)
    return everything(records.length, {
      index: null,
      code: 'misconfigured',
      message: `the stored credentials do not fit ${type.label}: ${credentials.path} ${credentials.message}`,
    });

  const mapped = mapRecords(input.mappings, records, type);
  const unmapped: ExportError[] = mapped.problems.map((p) => ({
    index: p.index,
    code: 'unmapped',
    message: `${p.field} ${p.message}`,
  }));
  const failedToMap = new Set(mapped.problems.map((p) => p.index)).size;
  let sent: ExportResult = { sent: 0, created: 0, updated: 0, failed: 0, errors: [] };
  if (mapped.items.length) {
    try {
      sent = await type.exportRecords({
        config: type.config.parse(input.config),
        credentials: type.credentials.parse(input.credentials),
        http: input.http,
        items: mapped.items,
      });
    } catch (err) {
      sent = everything(mapped.items.length, {
        index: null,
        code: 'unexpected_response',
        message: `${type.label} export failed unexpectedly (${(err as Error)?.name ?? 'error'})`,
      });
    }
  }
  return clean({
    ...sent,
    failed: sent.failed + failedToMap,
    errors: [
      ...unmapped,
      ...sent.errors.map((e) => ({ ...e, index: e.index === null ? null : (mapped.indexes[e.index] ?? null) })),
    ],
  });
}
