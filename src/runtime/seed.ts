import type { Queryable } from '../db/types.ts';
import { DEMO_REGISTRY } from '../platform/seed.ts';
import { DEMO, type DemoOrg, demoId } from '../seed/ids.ts';

/** Demo rows of this module, by label, so tests and the persona matrix can name them. */
export const DEMO_RUNS = {
  stepTypes: {
    screen: demoId('step-type:vendor.screen'),
    screenV1: demoId('step-type-version:vendor.screen:1.0.0'),
    record: demoId('step-type:vendor.record'),
    recordV1: demoId('step-type-version:vendor.record:1.0.0'),
  },
  org(o: DemoOrg) {
    return {
      run: demoId(`workflow-run:${o.slug}:vendor-check:1`),
      screenInstall: demoId(`step-type-install:${o.slug}:vendor.screen`),
      recordInstall: demoId(`step-type-install:${o.slug}:vendor.record`),
      screening: demoId(`workflow-def:${o.slug}:vendor-screening`),
    };
  },
} as const;

const T = DEMO_RUNS.stepTypes;

/**
 * Two custom step types that call out, signed with the install's key: vendor.screen answers 202
 * and calls back with a risk rating; vendor.record answers at once. Installed in each demo
 * organisation with a "Vendor screening" workflow of both, whose URLs a test (or an operator
 * trying it) points at a step service: src/runtime/runner.test.ts runs it end to end.
 */
async function seedScreening(tx: Queryable, orgs: DemoOrg[]) {
  const signed = (callback: boolean) =>
    JSON.stringify({
      endpoint: '{{config.url}}',
      method: 'POST',
      auth: { type: 'hmac_sha256', secret: 'signing-key' },
      timeout_ms: 10_000,
      ...(callback ? { callback: { expected: true, timeout_seconds: 3600 } } : {}),
    });
  await tx.query(
    `insert into platform.step_types (id, key, name, category, description) values
       ($1, 'vendor.screen', 'Vendor screening', 'compliance', 'Asks a screening service to rate a vendor; it calls back'),
       ($2, 'vendor.record', 'Record a vendor', 'compliance', 'Records the screened vendor in a register')
     on conflict do nothing`,
    [T.screen, T.record],
  );
  const input = '{"type":"object","properties":{"url":{"type":"string","minLength":1}},"required":["url"]}';
  await tx.query(
    `insert into platform.step_type_versions (id, step_type_id, version, input_schema, output_schema, external_call, published_at) values
       ($1, $2, '1.0.0', $5, '{"type":"object","properties":{"risk":{"enum":["low","medium","high"]}},"required":["risk"]}', $6, now()),
       ($3, $4, '1.0.0', $5, '{"type":"object","properties":{"recorded":{"type":"boolean"}},"required":["recorded"]}', $7, now())
     on conflict do nothing`,
    [T.screenV1, T.screen, T.recordV1, T.record, input, signed(true), signed(false)],
  );
  for (const o of orgs) {
    const ids = DEMO_RUNS.org(o);
    await tx.query(
      `insert into public.step_type_installs (org_id, id, step_type_version_id, pinned, installed_by) values
         ($1, $2, $3, true, $6), ($1, $4, $5, true, $6) on conflict do nothing`,
      [o.id, ids.screenInstall, T.screenV1, ids.recordInstall, T.recordV1, o.users.owner.id],
    );
    await tx.query(
      `insert into public.workflow_defs (org_id, id, name, description, input_schema, created_by, published_at) values
         ($1, $2, 'Vendor screening', 'Screens a vendor, then records it',
          '{"type":"object","properties":{"vendor":{"type":"string","minLength":1}},"required":["vendor"]}', $3, now())
       on conflict do nothing`,
      [o.id, ids.screening, o.users.owner.id],
    );
    const url = (path: string) => JSON.stringify({ url: `https://steps.example.test/${o.slug}/${path}` });
    await tx.query(
      `insert into public.workflow_def_steps (org_id, workflow_def_id, position, install_id, config) values
         ($1, $2, 1, $3, $4), ($1, $2, 2, $5, $6) on conflict do nothing`,
      [o.id, ids.screening, ids.screenInstall, url('screen'), ids.recordInstall, url('record')],
    );
  }
}

/**
 * The screening step types and workflow, and one finished run of each demo organisation's
 * "Vendor check" workflow, its step succeeded: the deleted organisation's only while it still
 * exists (a deleted organisation starts no run).
 */
export async function seedWorkflowRuns(tx: Queryable, withDeleted: boolean) {
  const orgs = [...Object.values(DEMO.orgs), ...(withDeleted ? [DEMO.deletedOrg] : [])];
  await seedScreening(tx, orgs);
  for (const o of orgs) {
    const run = DEMO_RUNS.org(o).run;
    const { rowCount } = await tx.query(
      `insert into public.workflow_runs (org_id, id, workflow_def_id, input, started_by)
       values ($1, $2, $3, '{"vendor": "Acme Supplies"}', $4) on conflict do nothing`,
      [o.id, run, DEMO_REGISTRY.org(o).workflow, o.users.owner.id],
    );
    if (!rowCount) continue;
    // Through the state machine, as the runtime moves them.
    await tx.query(`update public.workflow_runs set status = 'running' where org_id = $1 and id = $2`, [o.id, run]);
    await tx.query(
      `update public.workflow_step_runs set status = 'running', attempt = 1 where org_id = $1 and run_id = $2`,
      [o.id, run],
    );
    await tx.query(
      `update public.workflow_step_runs set status = 'succeeded', output = '{"status": 200}' where org_id = $1 and run_id = $2`,
      [o.id, run],
    );
    await tx.query(`update public.workflow_runs set status = 'succeeded' where org_id = $1 and id = $2`, [o.id, run]);
  }
}
