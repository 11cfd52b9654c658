import { z } from 'zod';
import { iso, isoRequired, Timestamp, Uuid } from '../http/schemas.ts';
import type { BalanceRow, PackRow, PurchaseRow, UsageRow } from './queries.ts';

/** The document's usage types (token_usage_usage_type_check). */
export const USAGE_TYPES = ['chat', 'artifact_generation', 'search'] as const;
export const PURCHASE_STATUSES = ['pending', 'completed', 'failed'] as const;

/** A model name as providers spell them (gpt-4o-mini, claude-3-5-sonnet-20241022, meta-llama/Llama-3-70b). */
export const Model = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$/,
    'letters, digits and . _ : / @ + - (1-200), starting with a letter or digit',
  );

export const PackId = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{1,39}$/, 'lower case letters, digits, "_" and "-", starting with a letter (2-40)');

const Tokens = z.number().int();

export const Credits = z
  .object({
    balance: Tokens.describe('the credits the organisation can spend now: granted + purchased'),
    granted: Tokens.describe("what is left of this month's grant; it expires when the next one comes"),
    purchased: Tokens.describe('what is left of the token packs bought; they never expire'),
    plan_id: z.string().describe("the plan this month's grant comes from"),
    monthly_grant: Tokens.describe("this month's grant, as given"),
    period_start: z.iso.date().describe('the first day (UTC) of the month the grant is for'),
    resets_at: Timestamp.describe('when the next grant replaces what is left of this one'),
  })
  .meta({ id: 'Credits' });

export const TokenUsage = z
  .object({
    id: Uuid,
    project_id: Uuid.nullable().describe('null: organisation-wide, or its project was deleted'),
    chat_id: Uuid.nullable(),
    tokens_used: Tokens,
    usage_type: z.enum(USAGE_TYPES),
    model: z.string(),
    created_by: Uuid.nullable().describe('who used them (null for an API key, or a deleted user)'),
    api_key_id: Uuid.nullable().describe('the API key that recorded them'),
    created_at: Timestamp,
  })
  .meta({ id: 'TokenUsage' });

export const TokenPurchase = z
  .object({
    id: Uuid,
    pack_id: z.string(),
    token_amount: Tokens.describe('the tokens the purchase credits once completed'),
    status: z.enum(PURCHASE_STATUSES),
    amount_paid: Tokens.nullable().describe("what Stripe charged, in the currency's minor units"),
    currency: z.string().nullable(),
    created_by: Uuid.nullable(),
    expires_at: Timestamp.nullable(),
    completed_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'TokenPurchase' });

export const TokenPack = z
  .object({
    id: z.string(),
    name: z.string(),
    tokens: Tokens,
    unit_amount: Tokens.nullable().describe("the price, in the currency's minor units, for display"),
    currency: z.string().nullable(),
    position: z.int(),
  })
  .meta({ id: 'TokenPack' });

const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

export const toCredits = (b: BalanceRow): z.infer<typeof Credits> => ({
  balance: Number(b.balance),
  granted: Number(b.granted),
  purchased: Number(b.purchased),
  plan_id: b.plan_id,
  monthly_grant: Number(b.monthly_grant),
  period_start: day(b.period_start),
  resets_at: isoRequired(b.resets_at),
});

export const toUsage = (u: UsageRow): z.infer<typeof TokenUsage> => ({
  id: u.id,
  project_id: u.project_id,
  chat_id: u.chat_id,
  tokens_used: Number(u.tokens_used),
  usage_type: u.usage_type as (typeof USAGE_TYPES)[number],
  model: u.model,
  created_by: u.created_by,
  api_key_id: u.api_key_id,
  created_at: isoRequired(u.created_at),
});

export const toPurchase = (p: PurchaseRow): z.infer<typeof TokenPurchase> => ({
  id: p.id,
  pack_id: p.pack_id,
  token_amount: Number(p.token_amount),
  status: p.status as (typeof PURCHASE_STATUSES)[number],
  amount_paid: p.amount_paid === null ? null : Number(p.amount_paid),
  currency: p.currency,
  created_by: p.created_by,
  expires_at: iso(p.expires_at),
  completed_at: iso(p.completed_at),
  created_at: isoRequired(p.created_at),
});

export const toPack = (p: PackRow): z.infer<typeof TokenPack> => ({
  id: p.id,
  name: p.name,
  tokens: Number(p.tokens),
  unit_amount: p.unit_amount === null ? null : Number(p.unit_amount),
  currency: p.currency,
  position: p.position,
});
