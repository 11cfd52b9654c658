/**
 * Tenant side of the registries: the published catalogs (any signed-in caller, through the
 * public.v_* views) and an organisation's installs. Installing, pinning, upgrading and removing are
 * for owners and admins — the policies say so; these routes only explain a refusal.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden, notFound } from '../../errors/error.ts';
import { explainMiss, ifMatch, setEtag, versionParam } from '../../http/concurrency.ts';
import { ErrorBody } from '../../http/errors.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run } from '../../http/run.ts';
import { IfMatchHeaders, isoRequired, OrgParams, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import * as q from '../queries/overlays.ts';

const CatalogVersion = z.object({
  id: Uuid,
  version: z.string(),
  input_schema: z.unknown(),
  output_schema: z.unknown(),
  published_at: Timestamp,
  deprecated_at: Timestamp.nullable(),
});
const CatalogStepType = z
  .object({
    id: Uuid,
    key: z.string(),
    name: z.string(),
    category: z.string(),
    description: z.string().nullable(),
    versions: z.array(CatalogVersion),
  })
  .meta({ id: 'CatalogStepType' });
const CatalogRulePack = z
  .object({ id: Uuid, name: z.string(), version: z.string(), spec: z.unknown(), published_at: Timestamp })
  .meta({ id: 'CatalogRulePack' });

const Install = z
  .object({
    id: Uuid,
    step_type_id: Uuid,
    step_type_key: z.string().nullable(),
    step_type_version_id: Uuid,
    version: z.string().nullable(),
    deprecated: z.boolean().describe('the installed version was deprecated: it keeps working, upgrade when you can'),
    pinned: z.boolean().describe('a pinned install moves only to a version you name'),
    installed_by: Uuid.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'StepTypeInstall' });
const PackInstall = z
  .object({
    id: Uuid,
    rule_pack_name: z.string(),
    rule_pack_id: Uuid,
    version: z.string().nullable(),
    pinned: z.boolean(),
    installed_by: Uuid.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'RulePackInstall' });

const iso = (d: Date | string) => isoRequired(d);
const toCatalog = (t: q.CatalogStepTypeRow) => ({
  ...t,
  versions: t.versions.map((v) => ({
    ...v,
    published_at: iso(v.published_at),
    deprecated_at: v.deprecated_at ? iso(v.deprecated_at) : null,
  })),
});
const toInstall = (i: q.InstallRow) => ({
  id: i.id,
  step_type_id: i.step_type_id,
  step_type_key: i.step_type_key,
  step_type_version_id: i.step_type_version_id,
  version: i.version,
  deprecated: i.deprecated,
  pinned: i.pinned,
  installed_by: i.installed_by,
  created_at: iso(i.created_at),
  updated_at: iso(i.updated_at),
});
const toPackInstall = (i: q.RulePackInstallRow) => ({
  id: i.id,
  rule_pack_name: i.rule_pack_name,
  rule_pack_id: i.rule_pack_id,
  version: i.version,
  pinned: i.pinned,
  installed_by: i.installed_by,
  created_at: iso(i.created_at),
  updated_at: iso(i.updated_at),
});

const InstallParams = OrgParams.extend({ installId: Uuid });
const missingInstall = () => notFound('install', 'install_id');
const adminsOnly = () => forbidden('only owners and admins can change installs');

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/catalog/step-types',
    {
      schema: {
        operationId: 'listCatalogStepTypes',
        tags: ['catalog'],
        summary: 'Published step types and their published versions',
        response: { 200: z.object({ data: z.array(CatalogStepType) }) },
      },
    },
    async (req) => ({ data: (await run(req, (tx) => q.catalogStepTypes(tx))).map(toCatalog) }),
  );

  r.get(
    '/v1/catalog/step-types/:stepTypeId',
    {
      schema: {
        operationId: 'getCatalogStepType',
        tags: ['catalog'],
        summary: 'One published step type',
        params: z.object({ stepTypeId: Uuid }),
        response: { 200: CatalogStepType },
      },
    },
    async (req) => {
      const t = await run(req, (tx) => q.catalogStepType(tx, req.params.stepTypeId));
      if (!t) throw notFound('step type', 'step_type_id');
      return toCatalog(t);
    },
  );

  r.get(
    '/v1/catalog/rule-packs',
    {
      schema: {
        operationId: 'listCatalogRulePacks',
        tags: ['catalog'],
        summary: 'Published rule pack versions',
        response: { 200: z.object({ data: z.array(CatalogRulePack) }) },
      },
    },
    async (req) => ({
      data: (await run(req, (tx) => q.catalogRulePacks(tx))).map((p) => ({ ...p, published_at: iso(p.published_at) })),
    }),
  );

  const tags = ['installs'];

  r.get(
    '/v1/orgs/:orgId/step-type-installs',
    {
      schema: {
        operationId: 'listStepTypeInstalls',
        tags,
        summary: 'Step types installed in an organisation',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(Install) },
      },
    },
    async (req) => {
      const rows = await run(
        req,
        (tx) => q.stepTypeInstalls.list(tx, req.params.orgId, decodeCursor(req.query.cursor), req.query.limit),
        { orgId: req.params.orgId },
      );
      return page(rows, req.query.limit, (i) => i.id, toInstall);
    },
  );

  r.post(
    '/v1/orgs/:orgId/step-type-installs',
    {
      schema: {
        operationId: 'installStepType',
        tags,
        summary: 'Install a published, non-deprecated step type version (owners and admins)',
        params: OrgParams,
        body: z.object({ step_type_version_id: Uuid, pinned: z.boolean().default(true) }).strict(),
        // A deprecated version is a 410.
        response: { 201: Install, 410: ErrorBody },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      const i = await run(
        req,
        async (tx) =>
          q.stepTypeInstalls.get(
            tx,
            orgId,
            await q.stepTypeInstalls.create(tx, orgId, req.body.step_type_version_id, req.body.pinned),
          ),
        {
          orgId,
          audit: (i) => ({ table: 'public.step_type_installs', targetId: i!.id }),
        },
      );
      setEtag(reply, i!.v);
      return reply.code(201).header('location', `/v1/orgs/${orgId}/step-type-installs/${i!.id}`).send(toInstall(i!));
    },
  );

  r.get(
    '/v1/orgs/:orgId/step-type-installs/:installId',
    {
      schema: {
        tags,
        operationId: 'getStepTypeInstall',
        summary: 'One install',
        params: InstallParams,
        response: { 200: Install },
      },
    },
    async (req, reply) => {
      const i = await run(req, (tx) => q.stepTypeInstalls.get(tx, req.params.orgId, req.params.installId), {
        orgId: req.params.orgId,
      });
      if (!i) throw missingInstall();
      setEtag(reply, i.v);
      return toInstall(i);
    },
  );

  r.patch(
    '/v1/orgs/:orgId/step-type-installs/:installId',
    {
      schema: {
        operationId: 'updateStepTypeInstall',
        tags,
        summary: 'Pin or unpin an install (owners and admins)',
        params: InstallParams,
        headers: IfMatchHeaders,
        body: z.object({ pinned: z.boolean() }).strict(),
        response: { 200: Install },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const { orgId, installId } = req.params;
      const i = await run(
        req,
        async (tx) => {
          if (!(await q.stepTypeInstalls.setPinned(tx, orgId, installId, req.body.pinned, versionParam(versions)))) {
            await explainMiss(tx, q.stepTypeInstalls.version(orgId, installId), versions, {
              notFound: missingInstall(),
              forbidden: adminsOnly(),
            });
          }
          return q.stepTypeInstalls.get(tx, orgId, installId);
        },
        { orgId, audit: { table: 'public.step_type_installs' } },
      );
      setEtag(reply, i!.v);
      return toInstall(i!);
    },
  );

  r.post(
    '/v1/orgs/:orgId/step-type-installs/:installId/upgrade',
    {
      schema: {
        operationId: 'upgradeStepTypeInstall',
        tags,
        summary:
          'Move an install to a named version, or (unpinned) to the newest published one; refused if a workflow using it would break',
        params: InstallParams,
        body: z.object({ step_type_version_id: Uuid.optional() }).strict().nullish(),
        response: { 200: Install, 410: ErrorBody },
      },
    },
    async (req, reply) => {
      const { orgId, installId } = req.params;
      const i = await run(
        req,
        async (tx) => {
          await q.stepTypeInstalls.upgrade(tx, orgId, installId, req.body?.step_type_version_id ?? null);
          return q.stepTypeInstalls.get(tx, orgId, installId);
        },
        { orgId, audit: { table: 'public.step_type_installs', action: 'step_type_install.upgrade' } },
      );
      setEtag(reply, i!.v);
      return toInstall(i!);
    },
  );

  r.delete(
    '/v1/orgs/:orgId/step-type-installs/:installId',
    {
      schema: {
        operationId: 'uninstallStepType',
        tags,
        summary: 'Uninstall (owners and admins; refused while a workflow uses it)',
        params: InstallParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const { orgId, installId } = req.params;
      await run(
        req,
        async (tx) => {
          if (await q.stepTypeInstalls.remove(tx, orgId, installId)) return;
          await explainMiss(tx, q.stepTypeInstalls.version(orgId, installId), null, {
            notFound: missingInstall(),
            forbidden: adminsOnly(),
          });
        },
        { orgId, audit: { table: 'public.step_type_installs' } },
      );
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/v1/orgs/:orgId/rule-pack-installs',
    {
      schema: {
        operationId: 'listRulePackInstalls',
        tags,
        summary: 'Rule packs installed in an organisation',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(PackInstall) },
      },
    },
    async (req) => {
      const rows = await run(
        req,
        (tx) => q.rulePackInstalls.list(tx, req.params.orgId, decodeCursor(req.query.cursor), req.query.limit),
        { orgId: req.params.orgId },
      );
      return page(rows, req.query.limit, (i) => i.id, toPackInstall);
    },
  );

  r.post(
    '/v1/orgs/:orgId/rule-pack-installs',
    {
      schema: {
        operationId: 'installRulePack',
        tags,
        summary: 'Install a published rule pack version (owners and admins)',
        params: OrgParams,
        body: z.object({ rule_pack_id: Uuid, pinned: z.boolean().default(true) }).strict(),
        response: { 201: PackInstall },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      const i = await run(
        req,
        async (tx) =>
          q.rulePackInstalls.get(
            tx,
            orgId,
            await q.rulePackInstalls.create(tx, orgId, req.body.rule_pack_id, req.body.pinned),
          ),
        {
          orgId,
          audit: (i) => ({ table: 'public.rule_pack_installs', targetId: i!.id }),
        },
      );
      setEtag(reply, i!.v);
      return reply
        .code(201)
        .header('location', `/v1/orgs/${orgId}/rule-pack-installs/${i!.id}`)
        .send(toPackInstall(i!));
    },
  );

  r.patch(
    '/v1/orgs/:orgId/rule-pack-installs/:installId',
    {
      schema: {
        operationId: 'updateRulePackInstall',
        tags,
        summary: 'Pin or unpin a rule pack install (owners and admins)',
        params: InstallParams,
        headers: IfMatchHeaders,
        body: z.object({ pinned: z.boolean() }).strict(),
        response: { 200: PackInstall },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const { orgId, installId } = req.params;
      const i = await run(
        req,
        async (tx) => {
          if (!(await q.rulePackInstalls.setPinned(tx, orgId, installId, req.body.pinned, versionParam(versions)))) {
            await explainMiss(tx, q.rulePackInstalls.version(orgId, installId), versions, {
              notFound: missingInstall(),
              forbidden: adminsOnly(),
            });
          }
          return q.rulePackInstalls.get(tx, orgId, installId);
        },
        { orgId, audit: { table: 'public.rule_pack_installs' } },
      );
      setEtag(reply, i!.v);
      return toPackInstall(i!);
    },
  );

  r.post(
    '/v1/orgs/:orgId/rule-pack-installs/:installId/upgrade',
    {
      schema: {
        operationId: 'upgradeRulePackInstall',
        tags,
        summary: 'Move a rule pack install to a named version, or (unpinned) to the newest published one',
        params: InstallParams,
        body: z.object({ rule_pack_id: Uuid.optional() }).strict().nullish(),
        response: { 200: PackInstall },
      },
    },
    async (req, reply) => {
      const { orgId, installId } = req.params;
      const i = await run(
        req,
        async (tx) => {
          await q.rulePackInstalls.upgrade(tx, orgId, installId, req.body?.rule_pack_id ?? null);
          return q.rulePackInstalls.get(tx, orgId, installId);
        },
        { orgId, audit: { table: 'public.rule_pack_installs', action: 'rule_pack_install.upgrade' } },
      );
      setEtag(reply, i!.v);
      return toPackInstall(i!);
    },
  );

  r.delete(
    '/v1/orgs/:orgId/rule-pack-installs/:installId',
    {
      schema: {
        operationId: 'uninstallRulePack',
        tags,
        summary: 'Uninstall a rule pack (owners and admins)',
        params: InstallParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const { orgId, installId } = req.params;
      await run(
        req,
        async (tx) => {
          if (await q.rulePackInstalls.remove(tx, orgId, installId)) return;
          await explainMiss(tx, q.rulePackInstalls.version(orgId, installId), null, {
            notFound: missingInstall(),
            forbidden: adminsOnly(),
          });
        },
        { orgId, audit: { table: 'public.rule_pack_installs' } },
      );
      return reply.code(204).send(null);
    },
  );
};

export default routes;
