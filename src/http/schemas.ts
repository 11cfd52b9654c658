import { z } from 'zod';

// Any 8-4-4-4-12 hex id, as PostgreSQL's uuid accepts: identity providers and fixed ids are not always RFC 4122 v4.
export const Uuid = z.guid().describe('UUID');
/** PostgreSQL's timestamptz takes UTC offsets up to ±15:59; ISO 8601 allows ±23:59. */
const offsetInRange = (s: string) => !/[+-](1[6-9]|2\d):\d\d$/.test(s);
export const Timestamp = z.iso
  .datetime({ offset: true })
  .refine(offsetInRange, { error: 'the UTC offset must be between -15:59 and +15:59' })
  .describe('ISO 8601 timestamp');

export const OrgParams = z.object({ orgId: Uuid });
export const OrgRole = z.enum(['owner', 'admin', 'member', 'viewer']);
export const KeyRole = z.enum(['admin', 'member', 'viewer']);
export const ProjectRole = z.enum(['owner', 'manager', 'contributor', 'viewer']);

/** Optional If-Match header, documented on every update. */
export const IfMatchHeaders = z.object({
  'if-match': z
    .string()
    .max(1000)
    .regex(/^\s*(\*|(W\/)?"[^"]{1,64}"(\s*,\s*(W\/)?"[^"]{1,64}")*)\s*$/, {
      error: 'must be * or ETags from previous responses, e.g. "1718000000000000"',
    })
    .optional()
    .describe('ETag from a previous response; the update fails with 412 if the resource changed since'),
});

export const iso = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : (d instanceof Date ? d : new Date(d)).toISOString();

export const isoRequired = (d: Date | string): string => iso(d)!;

/** True when `s` holds a C0 control character (U+0000–U+001F, tab and newline included) or DEL. */
export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** What a name with a control character is told, by this schema and by the database's constraints. */
export const SINGLE_LINE = 'must not contain control characters (tab, newline, NUL, ESC, DEL, …)';

/** Single-line text: no control characters (checked before trimming, so a trailing newline is refused too). */
export const SingleLine = z.string().refine((s) => !hasControlCharacter(s), { error: SINGLE_LINE });

/** Names: no control characters, trimmed, 1 to 200 characters (the database checks the length too). */
export const Name = SingleLine.trim().min(1).max(200);
export const Description = z.string().max(2000).nullable();
