import type { Queryable } from '../db/types.ts';
import { DEMO, type DemoOrg, demoId } from '../seed/ids.ts';

const S = DEMO.stepTypes;

/** Demo rows of this module, by label, so tests and the persona matrix can name them. */
export const DEMO_REGISTRY = {
  stepTypes: {
    email: demoId('step-type:email.send'),
    emailV1: demoId('step-type-version:email.send:1.0.0'),
    // Published and installed nowhere: what the matrix's insert probe installs.
    slack: demoId('step-type:slack.notify'),
    slackV1: demoId('step-type-version:slack.notify:1.0.0'),
    httpV11: demoId('step-type-version:http.request:1.1.0'),
  },
  rulePacks: { soc2: demoId('rule-pack:soc2-core:1.0.0') },
  org(o: DemoOrg) {
    return {
      httpInstall: demoId(`step-type-install:${o.slug}:http.request`),
      emailInstall: demoId(`step-type-install:${o.slug}:email.send`),
      gdprInstall: demoId(`rule-pack-install:${o.slug}:gdpr-core`),
      workflow: demoId(`workflow-def:${o.slug}:vendor-check`),
      step: demoId(`workflow-def-step:${o.slug}:vendor-check:1`),
    };
  },
} as const;

const R = DEMO_REGISTRY;

/**
 * More catalog entries (a newer http.request, two more published step types, a second rule pack),
 * and in each demo organisation (the deleted one too): installs, pinned, and a workflow using one of them.
 */
export async function seedRegistryOverlays(tx: Queryable) {
  await tx.query(
    `insert into platform.step_types (id, key, name, category, description) values
       ($1, 'email.send', 'Send an email', 'messaging', 'Sends an email through the organisation''s provider'),
       ($2, 'slack.notify', 'Slack notification', 'messaging', 'Posts to a Slack channel')
     on conflict do nothing`,
    [R.stepTypes.email, R.stepTypes.slack],
  );
  await tx.query(
    `insert into platform.step_type_versions (id, step_type_id, version, input_schema, output_schema, external_call, published_at) values
       ($1, $2, '1.1.0',
        '{"type":"object","properties":{"url":{"type":"string","minLength":1},"method":{"enum":["GET","POST"]}},"required":["url"]}',
        '{"type":"object"}', '{"endpoint":"{{config.url}}","method":"POST","auth":"none"}', now()),
       ($3, $4, '1.0.0',
        '{"type":"object","properties":{"to":{"type":"string","minLength":3},"subject":{"type":"string","maxLength":200}},"required":["to"],"additionalProperties":false}',
        '{"type":"object","properties":{"message_id":{"type":"string"}}}', '{}', now()),
       ($5, $6, '1.0.0',
        '{"type":"object","properties":{"channel":{"type":"string"}},"required":["channel"]}',
        '{"type":"object"}', '{"endpoint":"https://slack.com/api/chat.postMessage","method":"POST","auth":{"type":"bearer","secret":"slack-bot-token"}}', now())
     on conflict do nothing`,
    [R.stepTypes.httpV11, S.http, R.stepTypes.emailV1, R.stepTypes.email, R.stepTypes.slackV1, R.stepTypes.slack],
  );
  await tx.query(
    `insert into platform.rule_packs (id, name, version, spec, published_at) values
       ($1, 'soc2-core', '1.0.0', '{"rules":["access-review"]}', now()) on conflict do nothing`,
    [R.rulePacks.soc2],
  );
  // The soft-deleted demo organisation too, so it holds a row in every tenant table to be refused.
  for (const o of [...Object.values(DEMO.orgs), DEMO.deletedOrg]) {
    const ids = R.org(o);
    await tx.query(
      `insert into public.step_type_installs (org_id, id, step_type_version_id, pinned, installed_by) values
         ($1, $2, $3, true, $5), ($1, $4, $6, false, $5) on conflict do nothing`,
      [o.id, ids.httpInstall, S.httpV1, ids.emailInstall, o.users.owner.id, R.stepTypes.emailV1],
    );
    await tx.query(
      `insert into public.rule_pack_installs (org_id, id, rule_pack_id, pinned, installed_by) values ($1, $2, $3, true, $4)
       on conflict do nothing`,
      [o.id, ids.gdprInstall, DEMO.rulePacks.published, o.users.owner.id],
    );
    await tx.query(
      `insert into public.workflow_defs (org_id, id, name, description, created_by, published_at) values
         ($1, $2, 'Vendor check', 'Looks a vendor up before onboarding', $3, now()) on conflict do nothing`,
      [o.id, ids.workflow, o.users.owner.id],
    );
    await tx.query(
      `insert into public.workflow_def_steps (org_id, id, workflow_def_id, position, install_id, config) values
         ($1, $2, $3, 1, $4, $5) on conflict do nothing`,
      [o.id, ids.step, ids.workflow, ids.httpInstall, JSON.stringify({ url: `https://example.org/vendors/${o.slug}` })],
    );
  }
}
