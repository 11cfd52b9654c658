import { z } from 'zod';
import { MAPPING_SOURCES, type MappingSourceRecord, sourcePaths } from './mappings/sources.ts';
import { invalidDocument } from './problems.ts';
import { scheduleProblems } from './schedule.ts';
import type { AnyIntegrationType, TargetField } from './types/define.ts';
import * as shipped from './types/index.ts';
import { configProblems, configShapeProblems, mappingProblems } from './validate.ts';

const KEY = /^[a-z][a-z0-9_]{1,39}$/;

/** What GET /v1/integration-types shows: field descriptions and defaults, never a stored value. */
export interface IntegrationTypeDescription {
  key: string;
  label: string;
  version: number;
  description: string;
  /** JSON Schema of the non-secret config, with a description per field. */
  config: unknown;
  /** JSON Schema of the credentials: names and descriptions only (credential schemas carry no defaults). */
  credentials: unknown;
  targets: TargetField[];
  openTargets?: { type: string; description: string };
  defaultConfig: unknown;
  defaultMappings: unknown;
  defaultSchedule: unknown;
}

/**
 * The catalogue of integration types, and the mapping sources their field mappings may read.
 * Built once at start-up; a malformed type (duplicate key, defaults that break its own rules or
 * read a source that does not exist) stops the process with a sentence instead of surfacing
 * later as a corrupt row.
 */
export class IntegrationTypeRegistry {
  readonly #types = new Map<string, AnyIntegrationType>();
  /** What GET /v1/integration-mapping-sources offers. */
  readonly sources: readonly MappingSourceRecord[];
  /** The `record.field` paths of `sources`: a mapping's source must be one of them. */
  readonly sourcePaths: ReadonlySet<string>;

  constructor(types: Iterable<AnyIntegrationType>, sources: readonly MappingSourceRecord[] = MAPPING_SOURCES) {
    this.sourcePaths = sourcePaths(sources);
    this.sources = sources;
    for (const t of types) {
      const where = `integration type "${t.key}"`;
      if (!KEY.test(t.key))
        throw new Error(`${where}: keys are 2-40 lower-case letters, digits or _, starting with a letter`);
      if (this.#types.has(t.key)) throw new Error(`${where} is registered twice`);
      if (!Number.isInteger(t.version) || t.version < 1 || t.version > 1000)
        throw new Error(`${where}: version must be a whole number from 1 to 1000`);
      const names = t.targets.map((f) => f.name);
      if (new Set(names).size !== names.length) throw new Error(`${where}: target names must be unique`);
      const problems = [
        ...configShapeProblems(t.defaultConfig).map((p) => `defaultConfig ${p.path}: ${p.message}`),
        ...configProblems(t, t.defaultConfig, false).map((p) => `defaultConfig ${p.path}: ${p.message}`),
        ...scheduleProblems(t.defaultSchedule).map((p) => `defaultSchedule ${p.path}: ${p.message}`),
      ];
      const m = mappingProblems(t, t.defaultMappings, false, this.sourcePaths);
      if (!m.ok) problems.push(...m.problems.map((p) => `defaultMappings ${p.path}: ${p.message}`));
      if (problems.length) throw new Error(`${where} has invalid defaults:\n  ${problems.join('\n  ')}`);
      this.#types.set(t.key, t);
    }
  }

  keys(): string[] {
    return [...this.#types.keys()].sort();
  }

  list(): AnyIntegrationType[] {
    return this.keys().map((k) => this.#types.get(k)!);
  }

  get(key: string): AnyIntegrationType | undefined {
    return this.#types.get(key);
  }

  /** The type, or a 422 naming the field the key came from. */
  require(key: unknown, column = 'type'): AnyIntegrationType {
    const t = typeof key === 'string' ? this.#types.get(key) : undefined;
    if (!t)
      throw invalidDocument(column, [
        { path: '$', message: `is not a known integration type (one of ${this.keys().join(', ')})` },
      ]);
    return t;
  }

  describe(t: AnyIntegrationType): IntegrationTypeDescription {
    return {
      key: t.key,
      label: t.label,
      version: t.version,
      description: t.description,
      config: z.toJSONSchema(t.config, { unrepresentable: 'any' }),
      credentials: z.toJSONSchema(t.credentials, { unrepresentable: 'any' }),
      targets: [...t.targets],
      ...(t.openTargets ? { openTargets: { type: t.openTargets.type, description: t.openTargets.description } } : {}),
      defaultConfig: t.defaultConfig,
      defaultMappings: t.defaultMappings,
      defaultSchedule: t.defaultSchedule,
    };
  }
}

/** A registry of these types; `sources` defaults to Palisade's (mappings/sources.ts). */
export function createRegistry(
  types: Iterable<AnyIntegrationType>,
  sources?: readonly MappingSourceRecord[],
): IntegrationTypeRegistry {
  return new IntegrationTypeRegistry(types, sources);
}

/** The types Palisade ships (src/integrations/types/index.ts). */
export const integrationTypes = createRegistry(Object.values(shipped));
