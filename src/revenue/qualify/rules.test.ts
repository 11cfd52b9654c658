import { describe, expect, it } from 'vitest';
import { PalisadeError } from '../../errors/error.ts';
import { defaultCriteria, parseCriteria } from './criteria.ts';
import { scoreLead } from './rules.ts';
import { GOOD_FACTS } from './testing/leads.ts';
import type { LeadFacts } from './types.ts';

const lead = (over: Partial<LeadFacts> = {}): LeadFacts => ({ ...GOOD_FACTS, ...over });

/** The JSON path a refused criteria document is refused at. */
function refusedAt(doc: unknown): string | undefined {
  try {
    parseCriteria(doc);
  } catch (err) {
    expect(err).toBeInstanceOf(PalisadeError);
    expect(err).toMatchObject({ code: 'PS422', field: 'criteria' });
    return (err as PalisadeError).detail;
  }
  return undefined;
}

describe('the rules scorer', () => {
  it('gives the same score, outcome, summary and reasons every time', () => {
    const c = defaultCriteria();
    const first = scoreLead(lead(), c);
    for (let i = 0; i < 5; i++) expect(scoreLead(lead(), parseCriteria({}))).toEqual(first);
    // business email 20 + company 15 + phone 5 + website 5 + director 30 + pricing 20 = 95
    expect(first).toMatchObject({ qualifier: 'rules', score: 95, outcome: 'qualified' });
    expect(first.reasons).toContainEqual({
      criterion: 'business_email',
      points: 20,
      matched: true,
      detail: 'northwind.example',
    });
    expect(first.reasons).toContainEqual({ criterion: 'job_titles[0]', points: 30, matched: true, detail: 'director' });
    expect(first.reasons).toContainEqual({ criterion: 'job_titles[1]', points: 0, matched: false });
    expect(first.summary).toBe(
      'Score 95/100, qualified (qualified from 60, nurture from 30): business_email (northwind.example) +20, company +15, phone +5, website +5, job_titles[0] (director) +30, message_keywords[0] (pricing) +20.',
    );
  });

  it('tells free mail from business mail, built in and configured', () => {
    const c = defaultCriteria();
    const free = scoreLead(lead({ email: 'dana@gmail.com' }), c);
    expect(free.reasons[0]).toEqual({ criterion: 'free_mail', points: 0, matched: true, detail: 'gmail.com' });
    expect(free.score).toBe(75);
    const own = parseCriteria({ free_mail_domains: ['NorthWind.example'], free_mail: -10 });
    expect(own.free_mail_domains).toEqual(['northwind.example']);
    expect(scoreLead(lead(), own).reasons[0]).toMatchObject({ criterion: 'free_mail', points: -10 });
  });

  it('matches keywords as whole words, case-insensitively, each group once', () => {
    const c = defaultCriteria();
    const none = scoreLead(lead({ job_title: 'Headphone tester', message: 'Priceless!' }), c);
    const keywordReasons = none.reasons.filter((r) => /^(job_titles|message_keywords)\[/.test(r.criterion));
    expect(keywordReasons).toHaveLength(4);
    expect(keywordReasons.every((r) => !r.matched && r.points === 0)).toBe(true);
    expect(none.score).toBe(45);
    const loud = scoreLead(lead({ job_title: 'VICE PRESIDENT, Head of Sales', message: 'demo demo DEMO pricing' }), c);
    expect(loud.reasons.find((r) => r.criterion === 'job_titles[0]')).toMatchObject({
      points: 30,
      detail: 'president',
    });
    expect(loud.reasons.find((r) => r.criterion === 'message_keywords[0]')).toMatchObject({ points: 20 });
  });

  it('clamps to 0..100 and puts the outcome at the thresholds', () => {
    const bare: LeadFacts = {
      ...lead(),
      email: 'kid@gmail.com',
      company: null,
      phone: null,
      website: null,
      job_title: null,
    };
    const student = scoreLead({ ...bare, message: 'I am a student with homework' }, defaultCriteria());
    expect(student).toMatchObject({ score: 0, outcome: 'disqualified' });
    const c = parseCriteria({ base: 90, thresholds: { qualified: 100, nurture: 90 } });
    expect(scoreLead(lead(), c)).toMatchObject({ score: 100, outcome: 'qualified' });
    expect(scoreLead({ ...bare, message: null }, c)).toMatchObject({ score: 90, outcome: 'nurture' });
    expect(
      scoreLead({ ...bare, message: null }, parseCriteria({ thresholds: { qualified: 50, nurture: 1 } })),
    ).toMatchObject({ score: 0, outcome: 'disqualified' });
  });
});

describe('qualification criteria', () => {
  it('fill in defaults for what is missing, also for no document at all', () => {
    expect(parseCriteria(null)).toEqual(parseCriteria({}));
    const c = parseCriteria({ company: 40, thresholds: { qualified: 80, nurture: 50 } });
    expect(c).toMatchObject({ company: 40, business_email: 20, thresholds: { qualified: 80, nurture: 50 } });
    expect(c.job_titles[0]!.keywords).toContain('director');
  });

  it.each([
    [{ bogus: 1 }, '$.bogus'],
    [[], '$'],
    [{ company: 101 }, '$.company'],
    [{ company: 1.5 }, '$.company'],
    [{ base: -1 }, '$.base'],
    [{ thresholds: { qualified: 40, nurture: 50 } }, '$.thresholds.nurture'],
    [{ thresholds: { qualified: 40 } }, '$.thresholds.nurture'],
    [
      {
        job_titles: [
          { keywords: ['cto'], points: 10 },
          { keywords: [], points: 5 },
        ],
      },
      '$.job_titles[1].keywords',
    ],
    [{ job_titles: [{ keywords: ['cto'], points: 500 }] }, '$.job_titles[0].points'],
    [{ message_keywords: [{ keywords: ['demo'], points: 5, weight: 2 }] }, '$.message_keywords[0].weight'],
    [{ free_mail_domains: ['not a domain'] }, '$.free_mail_domains[0]'],
  ])('refuse %j, naming %s', (doc, path) => {
    expect(refusedAt(doc)).toBe(path);
  });
});
