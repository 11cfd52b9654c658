import type { Queryable } from '../db/types.ts';
import { DEMO, type DemoOrg, demoId } from '../seed/ids.ts';

/** Demo rows of the credits module, by label, so tests, probes and the persona matrix can name them. */
export const DEMO_CREDITS = {
  org(o: DemoOrg) {
    return {
      purchase: demoId(`token-purchase:${o.slug}:paid`),
      pendingPurchase: demoId(`token-purchase:${o.slug}:open`),
      chatUsage: demoId(`token-usage:${o.slug}:chat`),
      artifactUsage: demoId(`token-usage:${o.slug}:artifact`),
    };
  },
  /** The packs on sale, and one that is not (unpublished, no price). */
  packs: { small: 'tokens-100k', large: 'tokens-1m', archived: 'tokens-50k-2024' },
} as const;

/**
 * Token packs and the plans' monthly grants (free's comes with the migration): Team and Business
 * grant tokens, and so does the unpublished Legacy plan, whose grant tenants do not see.
 */
async function seedCatalog(tx: Queryable) {
  const { small, large, archived } = DEMO_CREDITS.packs;
  await tx.query(
    `insert into platform.token_packs (id, name, tokens, stripe_price_id, unit_amount, currency, published, position) values
       ($1, '100,000 tokens', 100000, 'price_demoTokens100k', 500, 'usd', true, 1),
       ($2, '1,000,000 tokens', 1000000, 'price_demoTokens1m', 4000, 'usd', true, 2),
       ($3, '50,000 tokens (2024)', 50000, null, 300, 'usd', false, 9)
     on conflict (id) do nothing`,
    [small, large, archived],
  );
  await tx.query(
    `insert into platform.plan_token_grants (plan_id, monthly_tokens) values
       ('team', 1000000), ('business', 10000000), ('legacy', 200000)
     on conflict (plan_id) do nothing`,
  );
}

/**
 * Each demo organisation's credits: a paid 100k pack (credited by the purchase's own trigger), an
 * open checkout for the 1M pack, and two usage rows on its website project by its member (each
 * debits; the first also gives the month's grant of its Team plan). The deleted organisation's
 * only while it still exists.
 */
export async function seedCredits(tx: Queryable, withDeleted: boolean) {
  await seedCatalog(tx);
  const { small, large } = DEMO_CREDITS.packs;
  const orgs = [...Object.values(DEMO.orgs), DEMO.providerOrg, ...(withDeleted ? [DEMO.deletedOrg] : [])];
  for (const o of orgs) {
    const ids = DEMO_CREDITS.org(o);
    const { rowCount } = await tx.query(
      `insert into public.token_purchases (org_id, id, pack_id, status, amount_paid, currency, provider_session_id,
                                           stripe_payment_intent_id, stripe_customer_id, created_by, completed_at)
       values ($1, $2, $3, 'completed', 500, 'usd', $4, $5, $6, $7, now())
       on conflict do nothing`,
      [
        o.id,
        ids.purchase,
        small,
        `cs_test_demoTokens${o.key}`,
        `pi_demo${o.key}`,
        `cus_demo${o.key}`,
        o.users.owner.id,
      ],
    );
    if (!rowCount) continue;
    await tx.query(
      `insert into public.token_purchases (org_id, id, pack_id, provider_session_id, checkout_url, created_by, expires_at)
       values ($1, $2, $3, $4, $5, $6, now() + interval '1 day')`,
      [
        o.id,
        ids.pendingPurchase,
        large,
        `cs_test_demoTokensOpen${o.key}`,
        `https://checkout.stripe.com/c/pay/cs_test_demoTokensOpen${o.key}`,
        o.users.owner.id,
      ],
    );
    await tx.query(
      `insert into public.token_usage (org_id, id, project_id, chat_id, tokens_used, usage_type, model, created_by) values
         ($1, $2, $4, $5, 1200, 'chat', 'gpt-4o-mini', $6),
         ($1, $3, $4, null, 800, 'artifact_generation', 'claude-3-5-sonnet-20241022', $6)`,
      [o.id, ids.chatUsage, ids.artifactUsage, o.project, demoId(`chat:${o.slug}:1`), o.users.member.id],
    );
  }
}
