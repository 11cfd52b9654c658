import { z } from 'zod';
import { iso, isoRequired, SingleLine, Timestamp, Uuid } from '../../http/schemas.ts';
import type { LeadRow } from './queries.ts';

/** The fields a person, a key or a form may give a lead; the database checks the same bounds. */
export const LeadFieldsInput = {
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase())
    .nullable()
    .optional(),
  name: SingleLine.trim().max(200).nullable().optional(),
  company: SingleLine.trim().max(200).nullable().optional(),
  job_title: SingleLine.trim().max(200).nullable().optional(),
  phone: z
    .string()
    .regex(/^[0-9+() .-]{3,40}$/, { error: 'must be 3 to 40 digits, spaces and + ( ) . -' })
    .nullable()
    .optional(),
  website: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(500)
    .nullable()
    .optional(),
  message: z.string().max(5000).nullable().optional(),
};

export const LeadStatus = z.enum(['new', 'contacted', 'qualified', 'disqualified', 'converted']);

export const Lead = z
  .object({
    id: Uuid,
    workspace_id: Uuid,
    email: z.string().nullable(),
    name: z.string().nullable(),
    company: z.string().nullable(),
    job_title: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    message: z.string().nullable(),
    source: z.enum(['manual', 'api', 'form', 'hubspot', 'import']),
    status: LeadStatus,
    score: z.number().int().nullable(),
    qualification: z.enum(['qualified', 'nurture', 'disqualified']).nullable(),
    qualification_summary: z.string().nullable(),
    qualified_at: Timestamp.nullable(),
    hubspot_contact_id: z.string().nullable(),
    created_by: Uuid.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Lead' });

export const toLead = (l: LeadRow): z.infer<typeof Lead> => ({
  id: l.id,
  workspace_id: l.workspace_id,
  email: l.email,
  name: l.name,
  company: l.company,
  job_title: l.job_title,
  phone: l.phone,
  website: l.website,
  message: l.message,
  source: l.source as z.infer<typeof Lead>['source'],
  status: l.status as z.infer<typeof LeadStatus>,
  score: l.score,
  qualification: l.qualification as z.infer<typeof Lead>['qualification'],
  qualification_summary: l.qualification_summary,
  qualified_at: iso(l.qualified_at),
  hubspot_contact_id: l.hubspot_contact_id,
  created_by: l.created_by,
  created_at: isoRequired(l.created_at),
  updated_at: isoRequired(l.updated_at),
});
