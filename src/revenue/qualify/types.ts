import type { LeadFields } from '../leads/queries.ts';
import type { Criteria } from './criteria.ts';

export const OUTCOMES = ['qualified', 'nurture', 'disqualified'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * What a qualifier may know of a lead: contact and company fields only (a lead's writable fields,
 * and its source). Never an id, a capture key, a HubSpot id or anything else the lead row carries
 * for the system's own use.
 */
export type LeadFacts = { [K in keyof Required<LeadFields>]: string | null } & { source: string };

/** The keys of LeadFacts, to pick them off a row. */
export const FACT_KEYS = ['email', 'name', 'company', 'job_title', 'phone', 'website', 'message', 'source'] as const;

/** Why, in the qualifier's words: a criterion, the points it gave and whether it matched. */
export interface Reason {
  criterion: string;
  points?: number;
  matched?: boolean;
  /** What matched (a keyword, a domain), or an LLM's sentence. */
  detail?: string;
}

/** One qualification, as public.lead_qualifications stores it. */
export interface Qualification {
  qualifier: 'rules' | 'llm';
  /** The model an LLM qualifier used; absent for the rules scorer. */
  model?: string;
  score: number;
  outcome: Outcome;
  summary: string;
  reasons: Reason[];
}

/**
 * A pluggable qualifier: the rules scorer (rules.ts) and the LLM qualifier (llm.ts) both answer
 * this. `criteria` are the workspace's (defaults filled in); a qualifier may ignore them.
 */
export interface Qualifier {
  readonly name: Qualification['qualifier'];
  qualify(lead: LeadFacts, criteria: Criteria): Promise<Qualification>;
}
