/**
 * Admin API for the step type registry (admin token only). Schemas are meta-validated with ajv and
 * the external-call contract with zod before anything is written; the database then checks the
 * same (and freezes a version once it is published).
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid, notFound } from '../../errors/error.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run } from '../../http/run.ts';
import { Name, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import { checkExternalCall, stepSchemaProblem } from '../contracts.ts';
import * as q from '../queries/step-types.ts';
import { JsonObject, Semver, StepType, StepTypeVersion, toStepType, toVersion } from './schemas.ts';

const TypeParams = z.object({ stepTypeId: Uuid });
const VersionParams = z.object({ versionId: Uuid });
const Key = z
  .string()
  .regex(/^[a-z][a-z0-9_.-]{1,62}$/, 'lower case letters, digits, ".", "_" and "-", starting with a letter (2-63)');
const Category = z.string().trim().min(1).max(100);
const Description = z.string().max(2000).nullable();
const SchemaValue = z
  .union([JsonObject, z.boolean()])
  .describe('a JSON Schema (2020-12 subset: see docs/architecture/tenancy.md)');

const missingType = () => notFound('step type', 'step_type_id');
const missingVersion = () => notFound('step type version', 'version_id');

/** Throws 422 naming the field for a schema or contract the registry would not accept. */
function checkVersionBody(
  b: { input_schema?: unknown; output_schema?: unknown; external_call?: unknown },
  currentInput?: unknown,
) {
  for (const field of ['input_schema', 'output_schema'] as const) {
    if (b[field] === undefined) continue;
    const problem = stepSchemaProblem(b[field]);
    if (problem) throw invalid(`${field}${problem}`, field);
  }
  if (b.external_call !== undefined) {
    const c = checkExternalCall(b.external_call, b.input_schema ?? currentInput);
    if (!c.ok) throw invalid(`external_call${c.problem}`, 'external_call');
    return c.value;
  }
  return undefined;
}

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin: step types'];
  const config = { auth: 'admin' as const };

  r.get(
    '/v1/admin/step-types',
    {
      config,
      schema: {
        operationId: 'listStepTypes',
        tags,
        summary: 'Every step type, published or not',
        querystring: PageQuery,
        response: { 200: pageOf(StepType) },
      },
    },
    async (req) => {
      const rows = await run(req, (tx) => q.listStepTypes(tx, decodeCursor(req.query.cursor), req.query.limit));
      return page(rows, req.query.limit, (t) => t.id, toStepType);
    },
  );

  r.post(
    '/v1/admin/step-types',
    {
      config,
      schema: {
        operationId: 'createStepType',
        tags,
        summary: 'Register a step type (its versions are added and published separately)',
        body: z
          .object({ key: Key, name: Name, category: Category.optional(), description: Description.optional() })
          .strict(),
        response: { 201: StepType },
      },
    },
    async (req, reply) => {
      const t = await run(req, async (tx) => q.getStepType(tx, await q.createStepType(tx, req.body)), {
        audit: (t) => ({ table: 'platform.step_types', targetId: t!.id }),
      });
      return reply.code(201).header('location', `/v1/admin/step-types/${t!.id}`).send(toStepType(t!));
    },
  );

  r.get(
    '/v1/admin/step-types/:stepTypeId',
    {
      config,
      schema: {
        operationId: 'getStepType',
        tags,
        summary: 'One step type with all its versions',
        params: TypeParams,
        response: { 200: StepType.extend({ version_list: z.array(StepTypeVersion) }) },
      },
    },
    async (req) => {
      const [t, versions] = await run(
        req,
        async (tx) =>
          [await q.getStepType(tx, req.params.stepTypeId), await q.listVersions(tx, req.params.stepTypeId)] as const,
      );
      if (!t) throw missingType();
      return { ...toStepType(t), version_list: versions.map(toVersion) };
    },
  );

  r.patch(
    '/v1/admin/step-types/:stepTypeId',
    {
      config,
      schema: {
        operationId: 'updateStepType',
        tags,
        summary: 'Rename, recategorise or describe a step type',
        params: TypeParams,
        body: z
          .object({ name: Name.optional(), category: Category.optional(), description: Description.optional() })
          .strict(),
        response: { 200: StepType },
      },
    },
    async (req) => {
      const t = await run(
        req,
        async (tx) => {
          if (!(await q.updateStepType(tx, req.params.stepTypeId, req.body))) throw missingType();
          return q.getStepType(tx, req.params.stepTypeId);
        },
        { audit: { table: 'platform.step_types' } },
      );
      if (!t) throw missingType();
      return toStepType(t);
    },
  );

  r.post(
    '/v1/admin/step-types/:stepTypeId/versions',
    {
      config,
      schema: {
        operationId: 'createStepTypeVersion',
        tags,
        summary: 'Add a draft version (semver, unique per step type); publish it to make it installable',
        params: TypeParams,
        body: z
          .object({
            version: Semver,
            input_schema: SchemaValue.default({ type: 'object' }),
            output_schema: SchemaValue.default({ type: 'object' }),
            external_call: JsonObject.default({}).describe(
              'endpoint template, method, auth (a vault secret name), timeout_ms, callback expectations; {} for none',
            ),
          })
          .strict(),
        response: { 201: StepTypeVersion },
      },
    },
    async (req, reply) => {
      const contract = checkVersionBody(req.body) ?? {};
      const v = await run(
        req,
        async (tx) => {
          if (!(await q.getStepType(tx, req.params.stepTypeId))) throw missingType();
          return q.getVersion(
            tx,
            await q.createVersion(tx, req.params.stepTypeId, { ...req.body, external_call: contract }),
          );
        },
        { audit: (v) => ({ table: 'platform.step_type_versions', targetId: v!.id }) },
      );
      return reply.code(201).header('location', `/v1/admin/step-type-versions/${v!.id}`).send(toVersion(v!));
    },
  );

  r.get(
    '/v1/admin/step-type-versions/:versionId',
    {
      config,
      schema: {
        operationId: 'getStepTypeVersion',
        tags,
        summary: 'One step type version, with its external-call contract',
        params: VersionParams,
        response: { 200: StepTypeVersion },
      },
    },
    async (req) => {
      const v = await run(req, (tx) => q.getVersion(tx, req.params.versionId));
      if (!v) throw missingVersion();
      return toVersion(v);
    },
  );

  r.patch(
    '/v1/admin/step-type-versions/:versionId',
    {
      config,
      schema: {
        operationId: 'updateStepTypeVersion',
        tags,
        summary: 'Change a draft version (a published version is immutable: 409)',
        params: VersionParams,
        body: z
          .object({
            input_schema: SchemaValue.optional(),
            output_schema: SchemaValue.optional(),
            external_call: JsonObject.optional(),
          })
          .strict(),
        response: { 200: StepTypeVersion },
      },
    },
    async (req) => {
      const v = await run(
        req,
        async (tx) => {
          const current = await q.getVersion(tx, req.params.versionId);
          if (!current) throw missingVersion();
          const contract = checkVersionBody(req.body, current.input_schema);
          if (req.body.input_schema !== undefined && req.body.external_call === undefined) {
            // New inputs must still cover the placeholders of the stored contract.
            const c = checkExternalCall(current.external_call, req.body.input_schema);
            if (!c.ok) throw invalid(`external_call${c.problem}`, 'input_schema');
          }
          await q.updateVersion(tx, req.params.versionId, {
            ...req.body,
            ...(contract ? { external_call: contract } : {}),
          });
          return q.getVersion(tx, req.params.versionId);
        },
        { audit: { table: 'platform.step_type_versions' } },
      );
      return toVersion(v!);
    },
  );

  r.delete(
    '/v1/admin/step-type-versions/:versionId',
    {
      config,
      schema: {
        operationId: 'deleteStepTypeVersion',
        tags,
        summary: 'Delete a draft version (a published one cannot be deleted: deprecate it)',
        params: VersionParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await run(
        req,
        async (tx) => {
          if (!(await q.deleteVersion(tx, req.params.versionId))) throw missingVersion();
        },
        { audit: { table: 'platform.step_type_versions' } },
      );
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/v1/admin/step-type-versions/:versionId/publish',
    {
      config,
      schema: {
        operationId: 'publishStepTypeVersion',
        tags,
        summary: 'Publish a version: tenants can see and install it, and it is frozen from now on',
        params: VersionParams,
        response: { 200: StepTypeVersion },
      },
    },
    async (req) => {
      const v = await run(
        req,
        async (tx) => {
          const current = await q.getVersion(tx, req.params.versionId);
          if (!current) throw missingVersion();
          // Re-checked with ajv and zod at the last moment a version can still be fixed.
          checkVersionBody(current);
          await q.publishVersion(tx, req.params.versionId);
          return q.getVersion(tx, req.params.versionId);
        },
        { audit: { table: 'platform.step_type_versions', action: 'step_type_version.publish' } },
      );
      return toVersion(v!);
    },
  );

  r.post(
    '/v1/admin/step-type-versions/:versionId/deprecate',
    {
      config,
      schema: {
        operationId: 'deprecateStepTypeVersion',
        tags,
        summary: 'Deprecate (or un-deprecate) a published version: existing installs keep it, new installs are refused',
        params: VersionParams,
        body: z
          .object({ deprecated: z.boolean().default(true) })
          .strict()
          .nullish(),
        response: { 200: StepTypeVersion },
      },
    },
    async (req) => {
      const v = await run(
        req,
        async (tx) => {
          await q.deprecateVersion(tx, req.params.versionId, req.body?.deprecated ?? true);
          return q.getVersion(tx, req.params.versionId);
        },
        { audit: { table: 'platform.step_type_versions', action: 'step_type_version.deprecate' } },
      );
      return toVersion(v!);
    },
  );
};

export default routes;
