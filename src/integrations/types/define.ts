import type { z } from 'zod';
import type { EgressClient } from '../../net/egress.ts';
import type { FieldMappingsV2 } from '../mappings/schema.ts';
import type { FieldType } from '../mappings/sources.ts';
import type { SyncSchedule } from '../schedule.ts';
import type { ExportResult } from '../sync/result.ts';

/** A field a mapping may write in the external system. */
export interface TargetField {
  name: string;
  type: FieldType;
  /** An active integration must map every required target. */
  required: boolean;
  description: string;
}

type TestFailureCode = 'auth_failed' | 'unreachable' | 'blocked' | 'timeout' | 'unexpected_response' | 'misconfigured';

export type TestResult = { ok: true; message: string } | { ok: false; code: TestFailureCode; message: string };

interface TestContext<Config, Credentials> {
  config: Config;
  /** Decrypted for this call only. Never put it in a message: say what failed, not with what. */
  credentials: Credentials;
  /** The guarded HTTP client (private addresses refused, deadline, size cap). */
  http: EgressClient;
}

interface ExportContext<Config, Credentials> extends TestContext<Config, Credentials> {
  /**
   * The records to send, already mapped (target name → value, typed as the targets say; dotted
   * names for open targets). Result indexes are positions in this array.
   */
  items: ReadonlyArray<Record<string, unknown>>;
}

/**
 * One integration type: everything Palisade needs to store, validate and test a connection to an
 * external system. A type is one file in src/integrations/types/, its test beside it (running
 * describeIntegrationType, conformance.ts) and one line in src/integrations/types/index.ts;
 * docs/integration-foundation/extending-integration-types.md walks through adding one.
 */
export interface IntegrationType<Config extends z.ZodObject = z.ZodObject, Credentials extends z.ZodType = z.ZodType> {
  /** Stored in organisation_integrations.type_key: lower case, digits, underscores; never renamed. */
  key: string;
  label: string;
  /** Bump when config, credentials or targets change incompatibly; stored rows record the version they were validated against. */
  version: number;
  description: string;
  /** Non-secret settings. A strict object: drafts are checked with its .partial(), active integrations in full. */
  config: Config;
  /** What goes to the vault. Describe every field; never give a default. */
  credentials: Credentials;
  /** A draft's starting config and what repair resets a broken config to (valid under config.partial()). */
  defaultConfig: Partial<z.infer<Config>>;
  /** Fields a mapping may write. */
  targets: readonly TargetField[];
  /** For generic types: target names accepted beyond `targets`. */
  openTargets?: { pattern: RegExp; type: FieldType; description: string };
  defaultMappings: FieldMappingsV2;
  defaultSchedule: SyncSchedule;
  /** One real, read-only HTTP round trip proving the config and credentials work. */
  testConnection(ctx: TestContext<z.infer<Config>, z.infer<Credentials>>): Promise<TestResult>;
  /**
   * Sends mapped records to the system, creating or updating them, in the batches its API allows
   * (src/integrations/sync/http.ts: inBatches, send, TokenCache). Messages name fields and HTTP
   * statuses, never a credential or a record's value; runExport (sync/export.ts) validates first
   * and scrubs after.
   */
  exportRecords(ctx: ExportContext<z.infer<Config>, z.infer<Credentials>>): Promise<ExportResult>;
}

/** Identity function that checks a type definition against the interface with its own inferred generics. */
export function defineIntegrationType<Config extends z.ZodObject, Credentials extends z.ZodType>(
  t: IntegrationType<Config, Credentials>,
): IntegrationType<Config, Credentials> {
  return t;
}

// A registry holds types of different generics; their methods are called through this view.
// biome-ignore lint/suspicious/noExplicitAny: a registry holds types of every config and credential shape
export type AnyIntegrationType = IntegrationType<any, any>;
