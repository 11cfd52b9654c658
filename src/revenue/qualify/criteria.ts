/**
 * A workspace's qualification criteria (public.qualification_settings.criteria): what the rules
 * scorer gives points for and where its thresholds lie. Every key is optional; what is missing
 * takes the default below, so `{}` (and no settings row at all) means the defaults. Unknown keys
 * are refused, so a misspelt criterion is an error rather than silently ignored.
 */
import { z } from 'zod';
import { invalidDocument, problemsFromZod } from '../../integrations/problems.ts';

const Points = z.number().int().min(-100).max(100);
const Keyword = z.string().trim().min(1).max(60).toLowerCase();
const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, { error: 'must be a domain name such as example.com' })
  .max(253);

/** A list of words or phrases; the group's points count once when any of them appears. */
const KeywordGroup = z.object({ keywords: z.array(Keyword).min(1).max(50), points: Points }).strict();

const Thresholds = z
  .object({
    qualified: z.number().int().min(0).max(100),
    nurture: z.number().int().min(0).max(100),
  })
  .strict()
  .refine((t) => t.nurture <= t.qualified, { error: 'must not be above thresholds.qualified', path: ['nurture'] });

const DEFAULT_JOB_TITLES = [
  {
    keywords: [
      'ceo',
      'cto',
      'cfo',
      'coo',
      'cio',
      'chief',
      'founder',
      'co-founder',
      'owner',
      'president',
      'vp',
      'vice president',
      'head',
      'director',
    ],
    points: 30,
  },
  { keywords: ['manager', 'lead', 'principal', 'architect'], points: 15 },
];

const DEFAULT_MESSAGE_KEYWORDS = [
  {
    keywords: ['pricing', 'price', 'quote', 'demo', 'trial', 'purchase', 'buy', 'budget', 'contract', 'enterprise'],
    points: 20,
  },
  { keywords: ['student', 'homework', 'internship', 'job application', 'unsubscribe'], points: -40 },
];

const CriteriaSchema = z
  .object({
    /** Points every lead starts with. */
    base: z.number().int().min(0).max(100).default(0),
    /** An email address at a domain that is not free mail. */
    business_email: Points.default(20),
    /** An email address at a free-mail domain (built in, plus free_mail_domains). */
    free_mail: Points.default(0),
    free_mail_domains: z
      .array(Domain)
      .max(500)
      .default(() => []),
    company: Points.default(15),
    phone: Points.default(5),
    website: Points.default(5),
    job_titles: z
      .array(KeywordGroup)
      .max(20)
      .default(() => structuredClone(DEFAULT_JOB_TITLES)),
    message_keywords: z
      .array(KeywordGroup)
      .max(20)
      .default(() => structuredClone(DEFAULT_MESSAGE_KEYWORDS)),
    /** At or above `qualified`: qualified; at or above `nurture`: nurture; below: disqualified. */
    thresholds: Thresholds.default({ qualified: 60, nurture: 30 }),
  })
  .strict();

export type Criteria = z.output<typeof CriteriaSchema>;

/**
 * The criteria a document describes, defaults filled in; a document that is not valid is PS422
 * naming the JSON path of its first problem (`invalid criteria at $.thresholds.nurture: …`).
 */
export function parseCriteria(doc: unknown): Criteria {
  const r = CriteriaSchema.safeParse(doc ?? {});
  if (!r.success) throw invalidDocument('criteria', problemsFromZod(r.error));
  return r.data;
}

/** The criteria of a workspace without settings. */
export const defaultCriteria = (): Criteria => parseCriteria({});
