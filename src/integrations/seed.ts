import type { Queryable } from '../db/types.ts';
import { DEMO, type DemoOrg, demoId } from '../seed/ids.ts';
import { xledger } from './types/xledger.ts';

/** Deterministic ids of the demo integrations and notices, per demo organisation. */
export const DEMO_INTEGRATIONS: Record<DemoOrg['key'], { primary: string; legacy: string; notice: string }> = {
  a: {
    primary: demoId('integration:acme:xledger'),
    legacy: demoId('integration:acme:hubspot'),
    notice: demoId('integration-notice:acme:welcome'),
  },
  b: {
    primary: demoId('integration:globex:hubspot'),
    legacy: demoId('integration:globex:http-api'),
    notice: demoId('integration-notice:globex:welcome'),
  },
  // The provider organisation (DEMO.providerOrg) has none: these ids are never seeded.
  p: {
    primary: demoId('integration:northwind:none'),
    legacy: demoId('integration:northwind:none:legacy'),
    notice: demoId('integration-notice:northwind:none'),
  },
  // The soft-deleted demo organisation (DEMO.deletedOrg): one integration and its notice, no legacy row.
  d: {
    primary: demoId('integration:initech:http-api'),
    legacy: demoId('integration:initech:none'),
    notice: demoId('integration-notice:initech:welcome'),
  },
};

/** Deterministic ids of each demo organisation's finished sync of its primary integration and the record it sent. */
export const DEMO_SYNCS = Object.fromEntries(
  (['a', 'b', 'p', 'd'] as const).map((k) => [
    k,
    { event: demoId(`integration-event:${k}:first-sync`), record: demoId(`integration-record:${k}:first-sync`) },
  ]),
) as Record<DemoOrg['key'], { event: string; record: string }>;

/**
 * Demo integrations: a complete Xledger draft for Acme, and for each organisation one row whose
 * field mappings are still stored as schema_version 1 (read upgraded; `palisade integrations
 * migrate-mappings` rewrites them). No credentials: the demo's vault key is not known here.
 */
export async function seedIntegrations(tx: Queryable, withDeleted: boolean) {
  const A = DEMO.orgs.a;
  const B = DEMO.orgs.b;
  const D = DEMO.deletedOrg;
  const rows: Array<[DemoOrg, string, string, string, unknown, unknown, unknown]> = [
    [
      A,
      DEMO_INTEGRATIONS.a.primary,
      'xledger',
      'Payroll export',
      { apiUrl: 'https://demo.xledger.net/graphql', entityId: 4711, voucherType: 'GL' },
      xledger.defaultMappings,
      xledger.defaultSchedule,
    ],
    [
      A,
      DEMO_INTEGRATIONS.a.legacy,
      'hubspot',
      'Lead sync',
      { apiUrl: 'https://api.hubapi.com', objectType: 'contacts' },
      {
        schema_version: 1,
        mappings: [
          { source: 'lead.email', target: 'email', transform: 'lowercase', required: true },
          { source: 'lead.company', target: 'company', transform: 'trim' },
        ],
      },
      { kind: 'interval', minutes: 30 },
    ],
    [
      B,
      DEMO_INTEGRATIONS.b.primary,
      'hubspot',
      'CRM contacts',
      { apiUrl: 'https://api.hubapi.com', objectType: 'contacts' },
      {
        schema_version: 2,
        mappings: [{ source: 'lead.email', target: 'email', transform: { kind: 'lowercase' }, required: true }],
      },
      { kind: 'manual' },
    ],
    [
      B,
      DEMO_INTEGRATIONS.b.legacy,
      'http_api',
      'Webhook relay',
      {
        endpointUrl: 'https://hooks.globex.test/leads',
        method: 'POST',
        authType: 'none',
        apiKeyName: 'X-API-Key',
        apiKeyIn: 'header',
        headers: {},
        bodyTemplate: { source: 'palisade' },
      },
      { schema_version: 1, mappings: [{ source: 'lead.email', target: 'contact.email', transform: 'trim' }] },
      { kind: 'cron', expression: '30 6 * * 1-5', timezone: 'Europe/London' },
    ],
    [
      D,
      DEMO_INTEGRATIONS.d.primary,
      'http_api',
      'Report relay',
      {
        endpointUrl: 'https://hooks.initech.test/reports',
        method: 'POST',
        authType: 'none',
        apiKeyName: 'X-API-Key',
        apiKeyIn: 'header',
        headers: {},
        bodyTemplate: { source: 'palisade' },
      },
      { schema_version: 2, mappings: [{ source: 'lead.email', target: 'contact.email', transform: { kind: 'trim' } }] },
      { kind: 'manual' },
    ],
  ];
  for (const [o, id, type, name, config, mappings, schedule] of rows) {
    await tx.query(
      `insert into public.organisation_integrations (org_id, id, type_key, display_name, config, field_mappings, sync_schedule, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
      [
        o.id,
        id,
        type,
        name,
        JSON.stringify(config),
        JSON.stringify(mappings),
        JSON.stringify(schedule),
        o.users.owner.id,
      ],
    );
  }
  for (const o of [A, B, D]) {
    await tx.query(
      `insert into public.integration_notifications (org_id, id, integration_id, kind, severity, title, body)
       values ($1, $2, $3, 'integration.welcome', 'info', 'Integrations are ready', 'Connect an external system under Settings → Integrations.')
       on conflict do nothing`,
      [o.id, DEMO_INTEGRATIONS[o.key].notice, DEMO_INTEGRATIONS[o.key].primary],
    );
  }
  await seedSyncs(tx, [A, B, ...(withDeleted ? [D] : [])]);
}

/**
 * One finished sync of each organisation's primary integration and the record it exported: the
 * deleted organisation's only while it still exists (a deleted organisation stages nothing).
 */
async function seedSyncs(tx: Queryable, orgs: DemoOrg[]) {
  for (const o of orgs) {
    const ids = DEMO_SYNCS[o.key];
    await tx.query(
      `insert into public.integration_events (org_id, id, integration_id, trigger, status, sent, created, requested_by,
         created_at, started_at, finished_at)
       values ($1, $2, $3, 'manual', 'succeeded', 1, 1, $4, now() - interval '1 day', now() - interval '1 day',
         now() - interval '1 day')
       on conflict do nothing`,
      [o.id, ids.event, DEMO_INTEGRATIONS[o.key].primary, o.users.owner.id],
    );
    await tx.query(
      `insert into public.integration_records (org_id, id, integration_id, record, created_by, created_at, exported_at, sync_id)
       values ($1, $2, $3, $4, $5, now() - interval '2 days', now() - interval '1 day', $6)
       on conflict do nothing`,
      [
        o.id,
        ids.record,
        DEMO_INTEGRATIONS[o.key].primary,
        JSON.stringify({ lead: { email: `first.lead@${o.domain}`, company: o.name } }),
        o.users.owner.id,
        ids.event,
      ],
    );
  }
}
