/**
 * Qualifying one lead, for the route (as the caller) and the job (as the organisation's service
 * principal) alike: read the lead and its workspace's settings in one transaction, ask the
 * qualifier with no transaction open (an LLM call takes seconds), record the result in another.
 * Recording is where RLS and the plan's limit decide (PS402 past it); a qualifier that fails
 * records nothing.
 */
import { forbidden, notFound, PalisadeError } from '../../errors/error.ts';
import { createEgressClient, type EgressClient } from '../../net/egress.ts';
import { type Criteria, parseCriteria } from './criteria.ts';
import { createLlmQualifier, type LlmConfig, llmConfig } from './llm.ts';
import { rulesQualifier } from './rules.ts';
import { DEFAULT_QUALIFIER } from './settings.ts';
import type { LeadToQualify } from './store.ts';
import { FACT_KEYS, type LeadFacts, type Qualifier } from './types.ts';

export interface QualifierDeps {
  /** The LLM qualifier, or null when none is configured. */
  llm(): Qualifier | null;
}

/** The LLM qualifier from PALISADE_LLM_URL and its companions (or `opts.llm`), made when first asked for. */
export function qualifierDeps(opts: { llm?: LlmConfig | null; http?: EgressClient } = {}): QualifierDeps {
  let made: Qualifier | null | undefined;
  return {
    llm() {
      if (made === undefined) {
        const config = opts.llm !== undefined ? opts.llm : llmConfig();
        made = config ? createLlmQualifier(config, opts.http ?? createEgressClient()) : null;
      }
      return made;
    },
  };
}

export const NO_LLM =
  'no LLM qualifier is configured on this server: set PALISADE_LLM_URL, PALISADE_LLM_API_KEY and PALISADE_LLM_MODEL, or use the rules scorer';

function pickQualifier(name: 'rules' | 'llm', deps: QualifierDeps): Qualifier {
  if (name === 'rules') return rulesQualifier;
  const llm = deps.llm();
  if (!llm) throw new PalisadeError('PS503', `the workspace qualifies leads with an LLM, but ${NO_LLM}`, 'qualifier');
  return llm;
}

/** The lead's contact and company fields, nothing else of its row. */
export const factsOf = (l: LeadToQualify): LeadFacts =>
  Object.fromEntries(FACT_KEYS.map((k) => [k, l[k]])) as LeadFacts;

export interface Prepared {
  lead: LeadToQualify;
  qualifier: Qualifier;
  criteria: Criteria;
}

/** The lead (404 when the caller cannot see it), refused before any call for a caller who may not record. */
export function checkLead(lead: LeadToQualify | null): LeadToQualify {
  if (!lead) throw notFound('lead', 'lead_id');
  if (!lead.can_write) throw forbidden('owners, admins and members qualify leads; viewers read their qualifications');
  return lead;
}

export function prepare(lead: LeadToQualify, deps: QualifierDeps): Prepared {
  let criteria: Criteria;
  try {
    criteria = parseCriteria(lead.criteria);
  } catch (err) {
    if (!(err instanceof PalisadeError)) throw err;
    throw new PalisadeError(
      'PS422',
      `the workspace's stored ${err.message}: set valid criteria (PUT …/qualification-settings)`,
      'criteria',
    );
  }
  return { lead, qualifier: pickQualifier(lead.qualifier ?? DEFAULT_QUALIFIER, deps), criteria };
}
