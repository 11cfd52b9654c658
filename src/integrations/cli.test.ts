import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withPrincipal } from '../db/principal.ts';
import { DEMO } from '../seed/ids.ts';
import { palisade, useCliDatabase } from '../testing/cli.ts';
import { describeEngines } from '../testing/engines.ts';
import { withService } from '../vault/elevate.ts';
import { KeyRing } from '../vault/keyring.ts';
import { secretsPerKey } from '../vault/secrets.ts';
import { setCredentials } from './credentials.ts';
import { DEMO_INTEGRATIONS } from './seed.ts';
import { updateIntegration } from './service.ts';
import { hubspotFake } from './sync/fakes/hubspot.ts';
import { plantedSecret } from './testing.ts';

/**
 * The commands as an operator runs them: a separate process on a real database (the server via
 * DATABASE_URL, or an embedded data dir cloned from the test template: src/testing/cli.ts),
 * checked by exit code and output.
 */
const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const owner = { kind: 'user', userId: A.users.owner.id } as const;

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
/** Each command is a process that opens the database: seconds each on a busy machine. */
const SLOW = 180_000;

describeEngines('palisade integrations and vault commands', (ctx) => {
  const cliDb = useCliDatabase(ctx);
  // The commands get no vault keys unless a test gives them some.
  const env = (): NodeJS.ProcessEnv => cliDb.env;
  const onDatabase = cliDb.withDb;

  it(
    'repair exits 0 on clean data, 1 with the organisation and JSON path of planted corruption, and fixes it with --apply',
    async () => {
      const clean = await palisade(['integrations', 'repair'], env());
      expect(clean).toMatchObject({ code: 0, stdout: expect.stringContaining('all valid') });

      await onDatabase((db) =>
        db.query(
          `update public.organisation_integrations set field_mappings = '{"schema_version": 2, "mappings": [{"source": "entry.amount", "target": "iban"}]}' where id = $1`,
          [DEMO_INTEGRATIONS.a.primary],
        ),
      );
      const dry = await palisade(['integrations', 'repair'], env());
      expect(dry.code).toBe(1);
      expect(dry.stdout).toContain(A.name);
      expect(dry.stdout).toContain('field_mappings $.mappings[0].target');
      expect(dry.stdout).toContain('Dry run');

      const json = await palisade(['integrations', 'repair', '--json'], env());
      expect(JSON.parse(json.stdout)).toMatchObject({
        applied: false,
        findings: [{ orgId: A.id, integrationId: DEMO_INTEGRATIONS.a.primary }],
      });

      const apply = await palisade(['integrations', 'repair', '--apply'], env());
      expect(apply).toMatchObject({ code: 1, stdout: expect.stringContaining('→ reset') });
      expect(await palisade(['integrations', 'repair'], env())).toMatchObject({ code: 0 });
    },
    SLOW,
  );

  it(
    'repair refuses a malformed --org with exit 2',
    async () => {
      expect(await palisade(['integrations', 'repair', '--org', 'acme'], env())).toMatchObject({ code: 2 });
    },
    SLOW,
  );

  it(
    'migrate-mappings upgrades the stored version 1 documents, then has nothing to do',
    async () => {
      const first = await palisade(['integrations', 'migrate-mappings'], env());
      expect(first).toMatchObject({ code: 0, stdout: expect.stringContaining('Upgraded 2 to schema_version 2') });
      expect(await palisade(['integrations', 'migrate-mappings', '--dry-run'], env())).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('Every stored field mapping'),
      });
    },
    SLOW,
  );

  it(
    'vault rotate re-encrypts to the newest key and says which old key can go; status then needs only the new key',
    async () => {
      const oldKey = key('old');
      const newKey = key('new');
      const secret = plantedSecret();
      const ring = (spec: string) =>
        new KeyRing(
          spec.split(',').map((e) => ({ id: e.split(':')[0]!, key: Buffer.from(e.split(':')[1]!, 'base64') })),
        );
      await onDatabase((db) =>
        withPrincipal(db, owner, (tx) =>
          setCredentials(tx, { ring: ring(oldKey) }, owner, A.id, DEMO_INTEGRATIONS.a.legacy, { accessToken: secret }),
        ),
      );
      expect(await palisade(['vault', 'status'], { ...env(), PALISADE_VAULT_KEYS: oldKey })).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('old: 1 secret(s)'),
      });
      const rotated = await palisade(['vault', 'rotate', '--batch-size', '1'], {
        ...env(),
        PALISADE_VAULT_KEYS: `${newKey},${oldKey}`,
      });
      expect(rotated.code).toBe(0);
      expect(rotated.stdout).toContain('re-encrypted 1 in 1 batch(es)');
      expect(rotated.stdout).toContain('No secret uses old any more');
      expect(await palisade(['vault', 'status'], { ...env(), PALISADE_VAULT_KEYS: newKey })).toMatchObject({ code: 0 });
      // Dropping the only key in use is caught before anyone tries to decrypt.
      expect(await palisade(['vault', 'status'], { ...env(), PALISADE_VAULT_KEYS: oldKey })).toMatchObject({
        code: 1,
        stdout: expect.stringContaining('NOT IN THE RING'),
      });
      const per = await onDatabase((db) => withService(db, secretsPerKey));
      expect(Object.fromEntries(per)).toEqual({ new: 1 });
      for (const r of [rotated]) expect(r.stdout + r.stderr).not.toContain(secret);
    },
    SLOW,
  );

  it(
    'vault commands without keys: a server deployment exits 2 saying what to set; the embedded engine generates a key file and warns',
    async () => {
      const r = await palisade(['vault', 'status'], env());
      if (ctx.engine === 'postgres') {
        expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining('PALISADE_VAULT_KEYS is not set') });
      } else {
        expect(r.stderr).toContain('generated a vault key');
        expect(r.code).toBe(1); // the secret planted above is sealed with a key this new file lacks
      }
    },
    SLOW,
  );
});

describeEngines('palisade integrations sync', (ctx) => {
  const cliDb = useCliDatabase(ctx);
  const admin = { kind: 'user', userId: A.users.admin.id } as const;
  const LEAD_SYNC = DEMO_INTEGRATIONS.a.legacy;

  it(
    'syncs one integration in the process as its service principal: 0 when every record went, 1 when one was refused, 2 for an unknown one',
    async () => {
      const token = `pat-${plantedSecret()}`;
      const vaultKey = key('cli');
      const ring = new KeyRing([{ id: 'cli', key: Buffer.from(vaultKey.split(':')[1]!, 'base64') }]);
      const fake = await hubspotFake(token);
      try {
        await cliDb.withDb(async (db) => {
          await withPrincipal(db, admin, async (tx) => {
            await updateIntegration(tx, {}, A.id, LEAD_SYNC, { config: { apiUrl: fake.url, objectType: 'contacts' } });
            await setCredentials(tx, { ring }, admin, A.id, LEAD_SYNC, { accessToken: token });
            await updateIntegration(tx, {}, A.id, LEAD_SYNC, { status: 'active' });
          });
          await withPrincipal(db, { kind: 'user', userId: A.users.member.id }, (tx) =>
            tx.query(
              `insert into public.integration_records (org_id, integration_id, record)
               values ($1, $2, '{"lead": {"email": "cli@example.com"}}'), ($1, $2, '{"lead": {"email": "cli2@example.com"}}')`,
              [A.id, LEAD_SYNC],
            ),
          );
        });
        const env = { ...cliDb.env, PALISADE_VAULT_KEYS: vaultKey, PALISADE_ALLOW_PRIVATE_EGRESS: '1' };
        const ok = await palisade(['integrations', 'sync', '--org', A.id, '--id', LEAD_SYNC], env);
        expect(ok.code, ok.stderr).toBe(0);
        expect(ok.stdout).toContain('of Lead sync: succeeded. Sent 2, created 2, updated 0, failed 0.');
        expect(fake.contacts.has('cli2@example.com')).toBe(true);

        await cliDb.withDb((db) =>
          withPrincipal(db, { kind: 'user', userId: A.users.member.id }, (tx) =>
            tx.query(
              `insert into public.integration_records (org_id, integration_id, record)
               values ($1, $2, '{"lead": {"email": "not-an-address"}}')`,
              [A.id, LEAD_SYNC],
            ),
          ),
        );
        const refused = await palisade(['integrations', 'sync', '--org', A.id, '--id', LEAD_SYNC], env);
        expect(refused.code).toBe(1);
        expect(refused.stdout).toContain('failed. Sent 1, created 0, updated 0, failed 1.');
        expect(refused.stdout).toContain('record 0: rejected: HubSpot rejected the record: VALIDATION_ERROR (email)');
        const events = await cliDb.withDb((db) =>
          db.query<{ trigger: string; status: string }>(
            `select trigger, status from public.integration_events where org_id = $1 and integration_id = $2 order by created_at`,
            [A.id, LEAD_SYNC],
          ),
        );
        expect(events.rows).toEqual([
          { trigger: 'cli', status: 'succeeded' },
          { trigger: 'cli', status: 'failed' },
        ]);

        const unknown = await palisade(['integrations', 'sync', '--org', B.id, '--id', LEAD_SYNC], env);
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toContain(`organisation ${B.id} has no integration ${LEAD_SYNC}`);
        expect((await palisade(['integrations', 'sync', '--org', 'acme', '--id', LEAD_SYNC], env)).code).toBe(2);
        for (const r of [ok, refused, unknown]) {
          expect(r.stdout + r.stderr).not.toContain(token);
          expect(r.stdout + r.stderr).not.toContain('not-an-address');
        }
      } finally {
        await fake.close();
      }
    },
    SLOW,
  );
});

describe('the commands’ help', () => {
  it(
    'names the exit codes of every command',
    async () => {
      for (const cmd of [
        ['integrations', 'repair'],
        ['integrations', 'sync'],
        ['integrations', 'migrate-mappings'],
        ['vault', 'rotate'],
        ['vault', 'status'],
        ['vault', 'keygen'],
      ]) {
        const r = await palisade([...cmd, '--help'], {});
        expect(r.code, cmd.join(' ')).toBe(0);
        expect(r.stdout, cmd.join(' ')).toMatch(/Exit codes: 0 /);
      }
    },
    SLOW,
  );
});
