import { DEMO_OAUTH2 } from '../connections/oauth2/seed.ts';
import { DEMO_CONNECTIONS } from '../connections/seed.ts';
import { DEMO_CREDITS } from '../credits/seed.ts';
import { DEMO_INTEGRATIONS, DEMO_SYNCS } from '../integrations/seed.ts';
import { DEMO_REGISTRY } from '../platform/seed.ts';
import { DEMO_REVENUE } from '../revenue/seed.ts';
import { DEMO_RUNS } from '../runtime/seed.ts';
import type { DemoOrg } from '../seed/ids.ts';
import { DEMO, demoId } from '../seed/ids.ts';

/**
 * How src/server/sweep.test.ts attacks each operation of /openapi.json: with no credential,
 * forged credentials, and another organisation's ids. The test fails for an operation without
 * an entry here, so a module adding a route adds ONE line below (and gets the sweep for free).
 *
 * scope:
 * - public: needs no credentials (health);
 * - self: about the caller, not an organisation (profile, my organisations);
 * - org: under /v1/orgs/{orgId}/…: another tenant's ids must give 404 and no data;
 * - admin: admin token only;
 * - token: names its target by a secret in the body (accepting an invitation).
 * body: a body the route would accept, built from the target organisation's demo ids, so the
 * probe reaches the database instead of stopping at validation.
 * params: values for path parameters other than the standard ones below.
 */
export interface SweepProbe {
  scope: 'public' | 'self' | 'org' | 'admin' | 'token';
  /** A redirect target (`config.openQuery`): query parameters it does not declare are ignored, not refused. */
  openQuery?: true;
  body?: (o: DemoOrg) => unknown;
  params?: (o: DemoOrg) => Record<string, string>;
}

const apiConnection = (o: DemoOrg) => ({ connectionId: DEMO_CONNECTIONS.org(o).workspaceApi });

/** Path parameters every tenant route uses, filled from the target organisation's demo rows. */
export const STANDARD_PARAMS: Record<string, (o: DemoOrg) => string> = {
  orgId: (o) => o.id,
  workspaceId: (o) => o.workspace,
  projectId: (o) => o.project,
  userId: (o) => o.users.member.id,
  invitationId: (o) => o.invitation,
  keyId: (o) => o.apiKey,
};

/** A delegation of the organisation (A's active one, B's expired one), and one of its assignments. */
const delegation = (o: DemoOrg) => ({
  delegationId: o.key === 'b' ? DEMO.delegations.bExpired : DEMO.delegations.aActive,
});
const assignment = (o: DemoOrg) => ({
  ...delegation(o),
  assignmentId: demoId(`assignment:${delegation(o).delegationId}:${DEMO.providerOrg.users.admin.id}`),
});

/** The organisation's demo OAuth2 connection. */
const oauth2 = (o: DemoOrg) => ({ connectionId: DEMO_OAUTH2.org(o).connection });

const SWEEP_LIMITS = { leads: 1, ai_qualifications: 1, api_requests: 1, members: 1, workspaces: 1, integrations: 1 };

export const SWEEP_PROBES: Record<string, SweepProbe> = {
  'GET /healthz': { scope: 'public' },
  'GET /readyz': { scope: 'public' },
  'GET /v1/me': { scope: 'self' },
  'PATCH /v1/me': { scope: 'self', body: () => ({ display_name: 'Sweep' }) },
  'GET /v1/orgs': { scope: 'self' },
  'POST /v1/orgs': { scope: 'self', body: () => ({ name: 'Sweep Org' }) },
  'GET /v1/orgs/{orgId}': { scope: 'org' },
  'PATCH /v1/orgs/{orgId}': { scope: 'org', body: () => ({ name: 'Renamed by sweep' }) },
  'POST /v1/orgs/{orgId}/leave': { scope: 'org' },
  'DELETE /v1/orgs/{orgId}': { scope: 'org' },
  'POST /v1/orgs/{orgId}/restore': { scope: 'org' },
  'GET /v1/me/deleted-orgs': { scope: 'self' },
  'GET /v1/orgs/{orgId}/members': { scope: 'org' },
  'GET /v1/orgs/{orgId}/members/{userId}': { scope: 'org' },
  'PATCH /v1/orgs/{orgId}/members/{userId}': { scope: 'org', body: () => ({ role: 'viewer' }) },
  'DELETE /v1/orgs/{orgId}/members/{userId}': { scope: 'org' },
  'POST /v1/orgs/{orgId}/members/{userId}/suspend': { scope: 'org' },
  'POST /v1/orgs/{orgId}/members/{userId}/reactivate': { scope: 'org' },
  'GET /v1/orgs/{orgId}/invitations': { scope: 'org' },
  'POST /v1/orgs/{orgId}/invitations': { scope: 'org', body: () => ({ email: 'sweep@example.test', role: 'member' }) },
  'DELETE /v1/orgs/{orgId}/invitations/{invitationId}': { scope: 'org' },
  'POST /v1/invitations/accept': { scope: 'token', body: () => ({ token: `inv_${'0'.repeat(64)}` }) },
  'GET /v1/orgs/{orgId}/workspaces': { scope: 'org' },
  'POST /v1/orgs/{orgId}/workspaces': { scope: 'org', body: () => ({ name: 'Sweep workspace' }) },
  'GET /v1/orgs/{orgId}/workspaces/{workspaceId}': { scope: 'org' },
  'PATCH /v1/orgs/{orgId}/workspaces/{workspaceId}': { scope: 'org', body: () => ({ name: 'Sweep' }) },
  'DELETE /v1/orgs/{orgId}/workspaces/{workspaceId}': { scope: 'org' },
  'GET /v1/orgs/{orgId}/projects': { scope: 'org' },
  'POST /v1/orgs/{orgId}/projects': {
    scope: 'org',
    body: (o) => ({ workspace_id: o.defaultWorkspace, name: 'Sweep project' }),
  },
  'GET /v1/orgs/{orgId}/projects/{projectId}': { scope: 'org' },
  'PATCH /v1/orgs/{orgId}/projects/{projectId}': { scope: 'org', body: () => ({ name: 'Sweep' }) },
  'DELETE /v1/orgs/{orgId}/projects/{projectId}': { scope: 'org' },
  'GET /v1/orgs/{orgId}/projects/{projectId}/members': { scope: 'org' },
  'POST /v1/orgs/{orgId}/projects/{projectId}/members': {
    scope: 'org',
    body: (o) => ({ user_id: o.users.admin.id, role: 'viewer' }),
  },
  'PATCH /v1/orgs/{orgId}/projects/{projectId}/members/{userId}': { scope: 'org', body: () => ({ role: 'viewer' }) },
  'DELETE /v1/orgs/{orgId}/projects/{projectId}/members/{userId}': { scope: 'org' },
  // src/providers/routes
  'GET /v1/me/clients': { scope: 'self' },
  'GET /v1/orgs/{orgId}/providers': { scope: 'org' },
  'POST /v1/orgs/{orgId}/providers': {
    scope: 'org',
    body: () => ({ provider_org_id: DEMO.providerOrg.id, role_ceiling: 'viewer' }),
  },
  'GET /v1/orgs/{orgId}/providers/{delegationId}': { scope: 'org', params: delegation },
  'PATCH /v1/orgs/{orgId}/providers/{delegationId}': {
    scope: 'org',
    params: delegation,
    body: () => ({ role_ceiling: 'viewer' }),
  },
  'DELETE /v1/orgs/{orgId}/providers/{delegationId}': { scope: 'org', params: delegation },
  'GET /v1/orgs/{orgId}/clients': { scope: 'org' },
  'POST /v1/orgs/{orgId}/clients/{delegationId}/accept': { scope: 'org', params: delegation },
  'POST /v1/orgs/{orgId}/clients/{delegationId}/assignments': {
    scope: 'org',
    params: delegation,
    body: (o) => ({ user_id: o.users.member.id, role: 'viewer' }),
  },
  'DELETE /v1/orgs/{orgId}/clients/{delegationId}/assignments/{assignmentId}': { scope: 'org', params: assignment },
  'GET /v1/orgs/{orgId}/api-keys': { scope: 'org' },
  'POST /v1/orgs/{orgId}/api-keys': { scope: 'org', body: () => ({ name: 'Sweep key', role: 'viewer' }) },
  'GET /v1/orgs/{orgId}/api-keys/{keyId}': { scope: 'org' },
  'PATCH /v1/orgs/{orgId}/api-keys/{keyId}': { scope: 'org', body: () => ({ name: 'Sweep' }) },
  'DELETE /v1/orgs/{orgId}/api-keys/{keyId}': { scope: 'org' },
  'POST /v1/admin/token': { scope: 'self' },
  'GET /v1/admin/orgs': { scope: 'admin' },
  'GET /v1/admin/admins': { scope: 'admin' },
  'GET /v1/orgs/{orgId}/audit': { scope: 'org' },
  'GET /v1/orgs/{orgId}/audit/verify': { scope: 'org' },
  'GET /v1/admin/step-types': { scope: 'admin' },
  'POST /v1/admin/step-types': { scope: 'admin', body: () => ({ key: 'sweep.step', name: 'Sweep' }) },
  'GET /v1/admin/step-types/{stepTypeId}': { scope: 'admin', params: () => ({ stepTypeId: DEMO.stepTypes.http }) },
  'PATCH /v1/admin/step-types/{stepTypeId}': {
    scope: 'admin',
    params: () => ({ stepTypeId: DEMO.stepTypes.http }),
    body: () => ({ name: 'Sweep' }),
  },
  'POST /v1/admin/step-types/{stepTypeId}/versions': {
    scope: 'admin',
    params: () => ({ stepTypeId: DEMO.stepTypes.http }),
    body: () => ({ version: '9.9.9' }),
  },
  'GET /v1/admin/step-type-versions/{versionId}': {
    scope: 'admin',
    params: () => ({ versionId: DEMO.stepTypes.httpV2Draft }),
  },
  'PATCH /v1/admin/step-type-versions/{versionId}': {
    scope: 'admin',
    params: () => ({ versionId: DEMO.stepTypes.httpV2Draft }),
    body: () => ({ output_schema: { type: 'object' } }),
  },
  'DELETE /v1/admin/step-type-versions/{versionId}': {
    scope: 'admin',
    params: () => ({ versionId: DEMO.stepTypes.httpV2Draft }),
  },
  'POST /v1/admin/step-type-versions/{versionId}/publish': {
    scope: 'admin',
    params: () => ({ versionId: DEMO.stepTypes.httpV2Draft }),
  },
  'POST /v1/admin/step-type-versions/{versionId}/deprecate': {
    scope: 'admin',
    params: () => ({ versionId: DEMO.stepTypes.httpV1 }),
    body: () => ({ deprecated: false }),
  },
  'GET /v1/admin/rule-sources': { scope: 'admin' },
  'POST /v1/admin/rule-sources': {
    scope: 'admin',
    body: () => ({ key: 'sweep-feed', name: 'Sweep', url: 'https://example.org/sweep.json' }),
  },
  'GET /v1/admin/rule-sources/{sourceId}': { scope: 'admin', params: () => ({ sourceId: DEMO.ruleSource }) },
  'PATCH /v1/admin/rule-sources/{sourceId}': {
    scope: 'admin',
    params: () => ({ sourceId: DEMO.ruleSource }),
    body: () => ({ enabled: false }),
  },
  'DELETE /v1/admin/rule-sources/{sourceId}': { scope: 'admin', params: () => ({ sourceId: DEMO.ruleSource }) },
  'GET /v1/admin/rule-sources/{sourceId}/snapshots': { scope: 'admin', params: () => ({ sourceId: DEMO.ruleSource }) },
  'POST /v1/admin/rule-sources/{sourceId}/poll': { scope: 'admin', params: () => ({ sourceId: DEMO.ruleSource }) },
  'GET /v1/admin/rule-pack-detections': { scope: 'admin' },
  'GET /v1/admin/rule-pack-detections/{detectionId}': {
    scope: 'admin',
    params: () => ({ detectionId: DEMO.detection }),
  },
  'POST /v1/admin/rule-pack-detections/{detectionId}/dismiss': {
    scope: 'admin',
    params: () => ({ detectionId: DEMO.detection }),
  },
  'POST /v1/admin/rule-pack-detections/{detectionId}/proposals': {
    scope: 'admin',
    params: () => ({ detectionId: DEMO.detection }),
    body: () => ({ proposed_version: '1.2.0', spec: {} }),
  },
  'GET /v1/admin/rule-pack-proposals': { scope: 'admin' },
  'GET /v1/admin/rule-pack-proposals/{proposalId}': { scope: 'admin', params: () => ({ proposalId: DEMO.proposal }) },
  'POST /v1/admin/rule-pack-proposals/{proposalId}/approve': {
    scope: 'admin',
    params: () => ({ proposalId: DEMO.proposal }),
  },
  'POST /v1/admin/rule-pack-proposals/{proposalId}/reject': {
    scope: 'admin',
    params: () => ({ proposalId: DEMO.proposal }),
  },
  'GET /v1/admin/rule-packs': { scope: 'admin' },
  'POST /v1/admin/rule-packs': { scope: 'admin', body: () => ({ name: 'sweep-pack', version: '1.0.0', spec: {} }) },
  'POST /v1/admin/rule-packs/{rulePackId}/publish': {
    scope: 'admin',
    params: () => ({ rulePackId: DEMO.rulePacks.draft }),
  },
  'GET /v1/catalog/step-types': { scope: 'self' },
  'GET /v1/catalog/step-types/{stepTypeId}': { scope: 'self', params: () => ({ stepTypeId: DEMO.stepTypes.http }) },
  'GET /v1/catalog/rule-packs': { scope: 'self' },
  'GET /v1/orgs/{orgId}/step-type-installs': { scope: 'org' },
  'POST /v1/orgs/{orgId}/step-type-installs': {
    scope: 'org',
    body: () => ({ step_type_version_id: DEMO_REGISTRY.stepTypes.slackV1 }),
  },
  'GET /v1/orgs/{orgId}/step-type-installs/{installId}': {
    scope: 'org',
    params: (o) => ({ installId: DEMO_REGISTRY.org(o).emailInstall }),
  },
  'PATCH /v1/orgs/{orgId}/step-type-installs/{installId}': {
    scope: 'org',
    params: (o) => ({ installId: DEMO_REGISTRY.org(o).emailInstall }),
    body: () => ({ pinned: true }),
  },
  'DELETE /v1/orgs/{orgId}/step-type-installs/{installId}': {
    scope: 'org',
    params: (o) => ({ installId: DEMO_REGISTRY.org(o).emailInstall }),
  },
  'POST /v1/orgs/{orgId}/step-type-installs/{installId}/upgrade': {
    scope: 'org',
    params: (o) => ({ installId: DEMO_REGISTRY.org(o).emailInstall }),
    body: () => ({}),
  },
  'GET /v1/orgs/{orgId}/rule-pack-installs': { scope: 'org' },
  'POST /v1/orgs/{orgId}/rule-pack-installs': {
    scope: 'org',
    body: () => ({ rule_pack_id: DEMO_REGISTRY.rulePacks.soc2 }),
  },
  'PATCH /v1/orgs/{orgId}/rule-pack-installs/{installId}': {
    scope: 'org',
    params: (o) => ({ installId: DEMO_REGISTRY.org(o).gdprInstall }),
    body: () => ({ pinned: true }),
  },
  'DELETE /v1/orgs/{orgId}/rule-pack-installs/{installId}': {
    scope: 'org',
    params: (o) => ({ installId: DEMO_REGISTRY.org(o).gdprInstall }),
  },
  'POST /v1/orgs/{orgId}/rule-pack-installs/{installId}/upgrade': {
    scope: 'org',
    params: (o) => ({ installId: DEMO_REGISTRY.org(o).gdprInstall }),
    body: () => ({}),
  },
  'GET /v1/orgs/{orgId}/workflow-defs': { scope: 'org' },
  'POST /v1/orgs/{orgId}/workflow-defs': {
    scope: 'org',
    body: (o) => ({
      name: 'Sweep workflow',
      steps: [{ install_id: DEMO_REGISTRY.org(o).httpInstall, config: { url: 'https://example.org' } }],
    }),
  },
  'GET /v1/orgs/{orgId}/workflow-defs/{workflowId}': {
    scope: 'org',
    params: (o) => ({ workflowId: DEMO_REGISTRY.org(o).workflow }),
  },
  'PATCH /v1/orgs/{orgId}/workflow-defs/{workflowId}': {
    scope: 'org',
    params: (o) => ({ workflowId: DEMO_REGISTRY.org(o).workflow }),
    body: () => ({ name: 'Sweep' }),
  },
  'POST /v1/orgs/{orgId}/workflow-defs/{workflowId}/publish': {
    scope: 'org',
    params: (o) => ({ workflowId: DEMO_REGISTRY.org(o).workflow }),
  },
  'DELETE /v1/orgs/{orgId}/workflow-defs/{workflowId}': {
    scope: 'org',
    params: (o) => ({ workflowId: DEMO_REGISTRY.org(o).workflow }),
  },
  // src/runtime/routes.ts
  'POST /v1/orgs/{orgId}/workflow-defs/{workflowId}/runs': {
    scope: 'org',
    params: (o) => ({ workflowId: DEMO_REGISTRY.org(o).workflow }),
    body: () => ({ input: {} }),
  },
  'GET /v1/orgs/{orgId}/workflow-runs': { scope: 'org' },
  'GET /v1/orgs/{orgId}/workflow-runs/{runId}': { scope: 'org', params: (o) => ({ runId: DEMO_RUNS.org(o).run }) },
  'POST /v1/orgs/{orgId}/workflow-runs/{runId}/cancel': {
    scope: 'org',
    params: (o) => ({ runId: DEMO_RUNS.org(o).run }),
  },
  'POST /v1/orgs/{orgId}/workflow-runs/{runId}/steps/{stepRunId}/retry': {
    scope: 'org',
    params: (o) => ({ runId: DEMO_RUNS.org(o).run, stepRunId: demoId(`sweep:step-run:${o.slug}`) }),
  },
  // No credential: the token in the path and the signature are it (src/runtime/callbacks.ts).
  'POST /v1/step-callbacks/{orgId}/{stepRunId}/{token}': {
    scope: 'public',
    params: (o) => ({ stepRunId: demoId(`sweep:step-run:${o.slug}`), token: `pcb_${'A'.repeat(43)}` }),
    body: () => ({ delivery_id: 'sweep', status: 'failed' }),
  },
  // No credential: HubSpot's v3 signature is it (src/revenue/hubspot/routes.ts).
  'POST /v1/webhooks/hubspot': { scope: 'public', body: () => [] },
  'PUT /v1/orgs/{orgId}/step-type-installs/{installId}/bearer-token': {
    scope: 'org',
    params: (o) => ({ installId: DEMO_REGISTRY.org(o).httpInstall }),
    body: () => ({ token: 'sweep-token' }),
  },
  'DELETE /v1/orgs/{orgId}/step-type-installs/{installId}/bearer-token': {
    scope: 'org',
    params: (o) => ({ installId: DEMO_REGISTRY.org(o).httpInstall }),
  },
  'POST /v1/orgs/{orgId}/step-type-installs/{installId}/signing-key': {
    scope: 'org',
    params: (o) => ({ installId: DEMO_REGISTRY.org(o).httpInstall }),
  },
  // src/integrations/routes.ts
  'GET /v1/integration-types': { scope: 'self' },
  'GET /v1/integration-mapping-sources': { scope: 'self' },
  'GET /v1/orgs/{orgId}/integrations': { scope: 'org' },
  'POST /v1/orgs/{orgId}/integrations': { scope: 'org', body: () => ({ type: 'hubspot', display_name: 'Sweep' }) },
  'GET /v1/orgs/{orgId}/integrations/{integrationId}': {
    scope: 'org',
    params: (o) => ({ integrationId: DEMO_INTEGRATIONS[o.key].primary }),
  },
  'PATCH /v1/orgs/{orgId}/integrations/{integrationId}': {
    scope: 'org',
    params: (o) => ({ integrationId: DEMO_INTEGRATIONS[o.key].primary }),
    body: () => ({ display_name: 'Sweep' }),
  },
  'DELETE /v1/orgs/{orgId}/integrations/{integrationId}': {
    scope: 'org',
    params: (o) => ({ integrationId: DEMO_INTEGRATIONS[o.key].primary }),
  },
  'PUT /v1/orgs/{orgId}/integrations/{integrationId}/credentials': {
    scope: 'org',
    params: (o) => ({ integrationId: DEMO_INTEGRATIONS[o.key].primary }),
    body: () => ({ apiToken: 'sweep-token' }),
  },
  'DELETE /v1/orgs/{orgId}/integrations/{integrationId}/credentials': {
    scope: 'org',
    params: (o) => ({ integrationId: DEMO_INTEGRATIONS[o.key].primary }),
  },
  'PUT /v1/orgs/{orgId}/integrations/{integrationId}/field-mappings': {
    scope: 'org',
    params: (o) => ({ integrationId: DEMO_INTEGRATIONS[o.key].primary }),
    body: () => ({ schema_version: 2, mappings: [] }),
  },
  'PUT /v1/orgs/{orgId}/integrations/{integrationId}/sync-schedule': {
    scope: 'org',
    params: (o) => ({ integrationId: DEMO_INTEGRATIONS[o.key].primary }),
    body: () => ({ kind: 'manual' }),
  },
  'POST /v1/orgs/{orgId}/integrations/{integrationId}/test': {
    scope: 'org',
    params: (o) => ({ integrationId: DEMO_INTEGRATIONS[o.key].primary }),
  },
  'GET /v1/orgs/{orgId}/integration-notices': { scope: 'org' },
  'POST /v1/orgs/{orgId}/integration-notices/{noticeId}/read': {
    scope: 'org',
    params: (o) => ({ noticeId: DEMO_INTEGRATIONS[o.key].notice }),
  },
  // src/integrations/sync-routes.ts
  'POST /v1/orgs/{orgId}/integrations/{integrationId}/records': {
    scope: 'org',
    params: (o) => ({ integrationId: DEMO_INTEGRATIONS[o.key].primary }),
    body: () => ({ records: [{ lead: { email: 'sweep@example.test' } }] }),
  },
  'GET /v1/orgs/{orgId}/integrations/{integrationId}/records': {
    scope: 'org',
    params: (o) => ({ integrationId: DEMO_INTEGRATIONS[o.key].primary }),
  },
  'POST /v1/orgs/{orgId}/integrations/{integrationId}/sync': {
    scope: 'org',
    params: (o) => ({ integrationId: DEMO_INTEGRATIONS[o.key].primary }),
  },
  'GET /v1/orgs/{orgId}/integrations/{integrationId}/events': {
    scope: 'org',
    params: (o) => ({ integrationId: DEMO_INTEGRATIONS[o.key].primary }),
  },
  'GET /v1/orgs/{orgId}/integrations/{integrationId}/events/{eventId}': {
    scope: 'org',
    params: (o) => ({ integrationId: DEMO_INTEGRATIONS[o.key].primary, eventId: DEMO_SYNCS[o.key].event }),
  },
  // src/revenue
  'GET /v1/orgs/{orgId}/leads': { scope: 'org' },
  'POST /v1/orgs/{orgId}/leads': {
    scope: 'org',
    body: (o) => ({ workspace_id: o.defaultWorkspace, email: 'sweep@example.test' }),
  },
  'GET /v1/orgs/{orgId}/leads/{leadId}': { scope: 'org', params: (o) => ({ leadId: DEMO_REVENUE.org(o).lead }) },
  'PATCH /v1/orgs/{orgId}/leads/{leadId}': {
    scope: 'org',
    params: (o) => ({ leadId: DEMO_REVENUE.org(o).lead }),
    body: () => ({ status: 'contacted' }),
  },
  'GET /v1/orgs/{orgId}/lead-capture-keys': { scope: 'org' },
  'POST /v1/orgs/{orgId}/lead-capture-keys': {
    scope: 'org',
    body: (o) => ({ workspace_id: o.defaultWorkspace, name: 'Sweep form' }),
  },
  'DELETE /v1/orgs/{orgId}/lead-capture-keys/{captureKeyId}': {
    scope: 'org',
    params: (o) => ({ captureKeyId: DEMO_REVENUE.org(o).captureKey }),
  },
  // The capture key in the header is the credential (src/revenue/leads/capture.ts).
  'POST /v1/lead-capture': { scope: 'public', body: () => ({ email: 'sweep@example.test' }) },
  'GET /v1/orgs/{orgId}/usage': { scope: 'org' },
  'GET /v1/orgs/{orgId}/implementation-requests': { scope: 'org' },
  'POST /v1/orgs/{orgId}/implementation-requests': { scope: 'org', body: () => ({ kind: 'other', title: 'Sweep' }) },
  'GET /v1/admin/implementation-requests': { scope: 'admin' },
  'PATCH /v1/admin/orgs/{orgId}/implementation-requests/{requestId}': {
    scope: 'admin',
    params: (o) => ({ orgId: o.id, requestId: DEMO_REVENUE.org(o).request }),
    body: () => ({ status: 'in_progress' }),
  },
  // src/revenue/billing
  'GET /v1/plans': { scope: 'self' },
  'PUT /v1/admin/plans/{planId}': {
    scope: 'admin',
    params: () => ({ planId: 'sweep' }),
    body: () => ({ name: 'Sweep', limits: SWEEP_LIMITS, stripe_price_id: null, published: false, position: 9 }),
  },
  'POST /v1/orgs/{orgId}/billing/checkout': {
    scope: 'org',
    body: () => ({
      plan_id: 'sweep-missing',
      success_url: 'https://example.org/ok',
      cancel_url: 'https://example.org/no',
    }),
  },
  'GET /v1/orgs/{orgId}/billing/subscription': { scope: 'org' },
  'POST /v1/webhooks/stripe': { scope: 'public', body: () => ({ id: 'evt_sweep', type: 'ping' }) },
  // src/revenue/qualify
  'POST /v1/orgs/{orgId}/leads/{leadId}/qualify': {
    scope: 'org',
    params: (o) => ({ leadId: DEMO_REVENUE.org(o).lead }),
    body: () => ({ mode: 'sync' }),
  },
  'GET /v1/orgs/{orgId}/leads/{leadId}/qualifications': {
    scope: 'org',
    params: (o) => ({ leadId: DEMO_REVENUE.org(o).lead }),
  },
  'GET /v1/orgs/{orgId}/workspaces/{workspaceId}/qualification-settings': { scope: 'org' },
  'PUT /v1/orgs/{orgId}/workspaces/{workspaceId}/qualification-settings': {
    scope: 'org',
    body: () => ({ qualifier: 'rules', criteria: { thresholds: { qualified: 70, nurture: 40 } }, auto_qualify: false }),
  },
  // src/connections/api
  'GET /v1/orgs/{orgId}/api-connections': { scope: 'org' },
  'POST /v1/orgs/{orgId}/api-connections': {
    scope: 'org',
    body: (o) => ({ workspace_id: o.defaultWorkspace, name: 'Sweep', endpoint_url: 'https://sweep.example/api' }),
  },
  'GET /v1/orgs/{orgId}/api-connections/{connectionId}': { scope: 'org', params: apiConnection },
  'PATCH /v1/orgs/{orgId}/api-connections/{connectionId}': {
    scope: 'org',
    params: apiConnection,
    body: () => ({ name: 'Sweep' }),
  },
  'DELETE /v1/orgs/{orgId}/api-connections/{connectionId}': { scope: 'org', params: apiConnection },
  'PUT /v1/orgs/{orgId}/api-connections/{connectionId}/credentials': {
    scope: 'org',
    params: apiConnection,
    body: () => ({ kind: 'bearer', token: 'sweep-token' }),
  },
  'DELETE /v1/orgs/{orgId}/api-connections/{connectionId}/credentials': { scope: 'org', params: apiConnection },
  'POST /v1/orgs/{orgId}/api-connections/{connectionId}/test': { scope: 'org', params: apiConnection },
  'POST /v1/orgs/{orgId}/api-connections/{connectionId}/call': {
    scope: 'org',
    params: apiConnection,
    body: () => ({}),
  },
  // src/credits
  'GET /v1/orgs/{orgId}/credits': { scope: 'org' },
  'GET /v1/orgs/{orgId}/credits/usage': { scope: 'org' },
  'POST /v1/orgs/{orgId}/credits/usage': {
    scope: 'org',
    body: (o) => ({ project_id: o.project, tokens_used: 10, usage_type: 'chat', model: 'sweep-model' }),
  },
  'GET /v1/orgs/{orgId}/credits/purchases': { scope: 'org' },
  'POST /v1/orgs/{orgId}/credits/purchases': {
    scope: 'org',
    body: () => ({
      pack_id: DEMO_CREDITS.packs.archived,
      success_url: 'https://example.org/ok',
      cancel_url: 'https://example.org/no',
    }),
  },
  'GET /v1/token-packs': { scope: 'self' },
  // src/connections/oauth2
  'GET /v1/orgs/{orgId}/oauth2-connections': { scope: 'org' },
  'POST /v1/orgs/{orgId}/oauth2-connections': {
    scope: 'org',
    body: (o) => ({
      workspace_id: o.workspace,
      name: 'Sweep',
      provider: 'sweep',
      authorization_endpoint: 'https://sweep.example/authorize',
      token_endpoint: 'https://sweep.example/token',
      client_id: 'sweep',
    }),
  },
  'GET /v1/orgs/{orgId}/oauth2-connections/{connectionId}': { scope: 'org', params: oauth2 },
  'PATCH /v1/orgs/{orgId}/oauth2-connections/{connectionId}': {
    scope: 'org',
    params: oauth2,
    body: () => ({ name: 'Sweep' }),
  },
  'DELETE /v1/orgs/{orgId}/oauth2-connections/{connectionId}': { scope: 'org', params: oauth2 },
  'PUT /v1/orgs/{orgId}/oauth2-connections/{connectionId}/client-secret': {
    scope: 'org',
    params: oauth2,
    body: () => ({ client_secret: 'sweep-secret' }),
  },
  'POST /v1/orgs/{orgId}/oauth2-connections/{connectionId}/authorize': { scope: 'org', params: oauth2 },
  'DELETE /v1/orgs/{orgId}/oauth2-connections/{connectionId}/tokens': { scope: 'org', params: oauth2 },
  'POST /v1/orgs/{orgId}/oauth2-connections/{connectionId}/test': { scope: 'org', params: oauth2 },
  // No credential: the state is it (src/connections/oauth2/flow-routes.ts).
  'GET /v1/oauth2/callback': { scope: 'public', openQuery: true },
};
