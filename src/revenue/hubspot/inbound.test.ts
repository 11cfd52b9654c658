import { describe, expect, it } from 'vitest';
import { hubspot } from '../../integrations/types/hubspot.ts';
import { inboundMapping, leadValues } from './inbound.ts';

const values = (stored: unknown, props: Record<string, string | null>) =>
  leadValues(inboundMapping(stored), new Map(Object.entries(props)));

describe('field mappings read inbound', () => {
  it('fills the lead fields the default HubSpot mapping names; stage and score stay Palisade’s', () => {
    const m = inboundMapping(hubspot.defaultMappings);
    expect([...m.keys()].sort()).toEqual(['company', 'email', 'firstname', 'lastname']);
    expect(
      values(hubspot.defaultMappings, {
        email: ' Ada@Example.COM',
        firstname: 'Ada',
        lastname: ' Lovelace ',
        company: '',
        lifecyclestage: 'customer',
      }),
    ).toEqual({ columns: { email: 'ada@example.com', name: 'Ada Lovelace', company: null }, problems: new Map() });
  });

  it('reads schema_version 1 documents, and runs a map transform backwards', () => {
    const v1 = {
      schema_version: 1,
      mappings: [{ source: 'lead.company', target: 'org_name', transform: 'uppercase' }],
    };
    expect(values(v1, { org_name: 'acme' }).columns).toEqual({ company: 'ACME' });
    const mapped = {
      schema_version: 2,
      mappings: [
        { source: 'lead.company', target: 'account', transform: { kind: 'map', values: { Acme: 'ACME-01' } } },
      ],
    };
    expect(values(mapped, { account: 'ACME-01' }).columns).toEqual({ company: 'Acme' });
    expect(values(mapped, { account: 'OTHER' }).columns).toEqual({ company: 'OTHER' });
  });

  it('names the property whose value a lead cannot take, never the value', () => {
    const r = values(hubspot.defaultMappings, {
      email: 'no-at-sign',
      company: 'two\nlines',
      firstname: 'x'.repeat(201),
    });
    expect([...r.problems.keys()].sort()).toEqual(['company', 'email', 'firstname']);
    for (const message of r.problems.values()) expect(message).not.toMatch(/no-at-sign|two|xxx/);
    expect(r.columns).toEqual({});
  });
});
