/**
 * The default qualifier: a deterministic rules scorer. The same lead and criteria always give the
 * same score, outcome, summary and reasons (no clock, no randomness, no network), so a result can
 * be explained and reproduced from the lead and the workspace's criteria alone.
 *
 * Score = base + the points of every criterion that matched, clamped to 0..100. A keyword group
 * counts once, whichever and however many of its keywords appear; every group that matches counts.
 * Keywords match whole words or phrases, case-insensitively.
 */
import type { Criteria } from './criteria.ts';
import type { LeadFacts, Outcome, Qualification, Qualifier, Reason } from './types.ts';

/** Domains of free mailbox providers: an address there says nothing about an employer. */
const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'ymail.com',
  'hotmail.com',
  'hotmail.co.uk',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
  'qq.com',
  '163.com',
  '126.com',
  'free.fr',
  'orange.fr',
  'btinternet.com',
  'comcast.net',
  'att.net',
  'verizon.net',
]);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first keyword of `keywords` that appears in `text` as a whole word or phrase. */
function firstMatch(text: string, keywords: readonly string[]): string | undefined {
  const t = text.toLowerCase();
  return keywords.find((k) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(k)}(?![\\p{L}\\p{N}])`, 'u').test(t));
}

const present = (v: string | null) => v !== null && v.trim() !== '';

function outcomeFor(score: number, t: Criteria['thresholds']): Outcome {
  return score >= t.qualified ? 'qualified' : score >= t.nurture ? 'nurture' : 'disqualified';
}

export function scoreLead(lead: LeadFacts, c: Criteria): Qualification {
  const reasons: Reason[] = [];
  const add = (criterion: string, points: number, matched: boolean, detail?: string) =>
    reasons.push({ criterion, points: matched ? points : 0, matched, ...(detail ? { detail } : {}) });

  const domain = lead.email?.split('@')[1]?.toLowerCase();
  if (domain) {
    const free = FREE_MAIL.has(domain) || c.free_mail_domains.includes(domain);
    if (free) add('free_mail', c.free_mail, true, domain);
    else add('business_email', c.business_email, true, domain);
  } else add('business_email', c.business_email, false);
  add('company', c.company, present(lead.company));
  add('phone', c.phone, present(lead.phone));
  add('website', c.website, present(lead.website));
  c.job_titles.forEach((g, i) => {
    const hit = lead.job_title ? firstMatch(lead.job_title, g.keywords) : undefined;
    add(`job_titles[${i}]`, g.points, hit !== undefined, hit);
  });
  c.message_keywords.forEach((g, i) => {
    const hit = lead.message ? firstMatch(lead.message, g.keywords) : undefined;
    add(`message_keywords[${i}]`, g.points, hit !== undefined, hit);
  });

  const raw = reasons.reduce((sum, r) => sum + (r.points ?? 0), c.base);
  const score = Math.min(100, Math.max(0, raw));
  const outcome = outcomeFor(score, c.thresholds);
  const matched = reasons
    .filter((r) => r.matched && r.points !== 0)
    .map((r) => `${r.criterion}${r.detail ? ` (${r.detail})` : ''} ${r.points! > 0 ? '+' : ''}${r.points}`);
  const summary = `Score ${score}/100, ${outcome} (qualified from ${c.thresholds.qualified}, nurture from ${c.thresholds.nurture})${
    matched.length ? `: ${matched.join(', ')}` : ': no criterion matched'
  }.`;
  return { qualifier: 'rules', score, outcome, summary: summary.slice(0, 2000), reasons };
}

export const rulesQualifier: Qualifier = {
  name: 'rules',
  qualify: async (lead, criteria) => scoreLead(lead, criteria),
};
