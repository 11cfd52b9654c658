import type { z } from 'zod';
import type { FieldMappingsV2 } from './mappings/schema.ts';
import { parseStoredFieldMappings, upgradeFieldMappings } from './mappings/upgrade.ts';
import { appendPath, type Problem, problemsFromZod } from './problems.ts';
import type { AnyIntegrationType } from './types/define.ts';

/**
 * Checks of an integration's documents against its type. The database refuses malformed JSON
 * whatever the type (0061_integration_documents.sql); these add what only the registry knows:
 * the type's config fields, its credential shape, and which targets exist.
 */

/** Mirror of app.is_secret_like_key: key names that announce a secret. */
function isSecretLikeKey(key: string): boolean {
  const k = key.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  return (
    ['pwd', 'authorization', 'proxyauthorization', 'cookie', 'bearer'].includes(k) ||
    /(password|passwd|passphrase|secret|token|apikey|accesskey|privatekey|signingkey|subscriptionkey|credential|credentials)$/.test(
      k,
    )
  );
}

const MAX_CONFIG_BYTES = 16384;

/** Mirror of app.integration_config_problem: an object, at most 16 KiB, no secret-named key at any depth. */
export function configShapeProblems(config: unknown): Problem[] {
  if (config === null || typeof config !== 'object' || Array.isArray(config))
    return [{ path: '$', message: 'must be an object' }];
  if (Buffer.byteLength(JSON.stringify(config)) > MAX_CONFIG_BYTES)
    return [{ path: '$', message: 'must be at most 16 KiB' }];
  const out: Problem[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, appendPath(path, i));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const p = appendPath(path, k);
        if (isSecretLikeKey(k))
          out.push({
            path: p,
            message: 'names a secret: credentials go to the vault (PUT …/credentials), never into config',
          });
        walk(x, p);
      }
    }
  };
  walk(config, '$');
  return out;
}

/**
 * `complete` for active and paused integrations (every required setting present); drafts and
 * integrations in error may be partial, but what they hold must still be right.
 */
export function configProblems(type: AnyIntegrationType, config: unknown, complete: boolean): Problem[] {
  const shape = configShapeProblems(config);
  if (shape.length) return shape;
  const schema = complete ? type.config : (type.config as z.ZodObject).partial();
  const r = schema.safeParse(config);
  return r.success ? [] : problemsFromZod(r.error);
}

export function credentialsProblems(type: AnyIntegrationType, credentials: unknown): Problem[] {
  if (credentials === null || typeof credentials !== 'object' || Array.isArray(credentials))
    return [{ path: '$', message: 'must be an object' }];
  const r = type.credentials.safeParse(credentials);
  return r.success ? [] : problemsFromZod(r.error);
}

function targetAllowed(type: AnyIntegrationType, target: string): boolean {
  return type.targets.some((t) => t.name === target) || (type.openTargets?.pattern.test(target) ?? false);
}

/**
 * Parses mappings of any stored version, upgrades them, and checks every source against the
 * registry's mapping sources and every target against the type. `complete`: every required
 * target must be mapped (active integrations).
 */
export function mappingProblems(
  type: AnyIntegrationType,
  doc: unknown,
  complete: boolean,
  sources: ReadonlySet<string>,
): { ok: true; value: FieldMappingsV2 } | { ok: false; problems: Problem[] } {
  const parsed = parseStoredFieldMappings(doc);
  if (!parsed.ok) return parsed;
  const value = upgradeFieldMappings(parsed.value);
  const problems: Problem[] = [];
  value.mappings.forEach((m, i) => {
    if (!sources.has(m.source)) {
      problems.push({
        path: `$.mappings[${i}].source`,
        message: 'is not a mapping source (GET /v1/integration-mapping-sources lists them)',
      });
    }
    if (!targetAllowed(type, m.target)) {
      problems.push({
        path: `$.mappings[${i}].target`,
        message: `is not a target of ${type.label} (GET /v1/integration-types lists them)`,
      });
    }
  });
  if (complete) {
    const mapped = new Set(value.mappings.map((m) => m.target));
    for (const t of type.targets) {
      if (t.required && !mapped.has(t.name))
        problems.push({ path: '$.mappings', message: `must map the required target ${t.name}` });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, value };
}
