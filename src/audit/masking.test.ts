import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { type Principal, withPrincipal } from '../db/principal.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';

const A = DEMO.orgs.a;
const owner: Principal = { kind: 'user', userId: A.users.owner.id };
const service: Principal = { kind: 'service' };

describeEngines('audit masking', (ctx) => {
  /** Every byte of both chains as text: a secret must appear nowhere in it. */
  async function everything(): Promise<string> {
    const { rows } = await ctx.db.query<{ t: string }>(
      `select string_agg(x::text, E'\\n') as t from (
         select to_jsonb(l) as x from public.audit_log l union all select to_jsonb(a) from public.admin_actions a) s`,
    );
    return rows[0]!.t;
  }

  it('the inlined fast path app.audit_masked gives what app.audit_mask gives, secret or not', async () => {
    const docs = [
      null,
      {},
      { amount: 42, note: 'benchmark entry' },
      { note: 'mentions a token in a value only' },
      { api_key: 'k', nested: [{ Password: 'p', credential_id: 'c1' }, { cookie: null }], token_expires_at: 't' },
      [{ secret: 's' }, 'plain', 1.5],
      { API_KEY: 'k', PASSWORD: 'p', Set_Cookie: 'c', note: 'TOKEN named only in a value' },
      { privateXkey: 'not a secret name', private_key: 'is one', ключ: 1, SECRET_ID: 's-1' },
      // Past 256 bytes the test is a regular expression instead of one LIKE per name: same answers.
      { filler: 'x'.repeat(300), nested: { deep: [{ Signing_Key: 'sk' }] } },
      { filler: 'x'.repeat(300), privateXkey: 'still not a secret name', note: 'no names here' },
    ];
    for (const d of docs) {
      const { rows } = await ctx.db.query<{ fast: unknown; full: unknown }>(
        'select app.audit_masked($1::jsonb) as fast, app.audit_mask($1::jsonb) as full',
        [d === null ? null : JSON.stringify(d)],
      );
      expect(rows[0]!.fast, JSON.stringify(d)).toEqual(rows[0]!.full);
    }
  });

  it('which names are secret does not depend on their case, and `_` in a name is only an underscore', async () => {
    const names: Record<string, boolean> = {
      password: true,
      PASSWORD: true,
      Api_Key: true,
      APIKEY: true,
      x_authorization: true,
      SetCookie: true,
      privateKey: false,
      private_key: true,
      privateXkey: false,
      apiXkey: false,
      key_hash: true,
      keyXhash: false,
      token_expires_at: false,
      TOKEN_ID: false,
      vault_secret_ref: false,
      secret_count: false,
      secrets: true,
      note: false,
      ключ: false,
    };
    const { rows } = await ctx.db.query<{ k: string; secret: boolean }>(
      'select k, app.audit_is_secret_key(k) as secret from unnest($1::text[]) k',
      [Object.keys(names)],
    );
    expect(Object.fromEntries(rows.map((r) => [r.k, r.secret]))).toEqual(names);
  });

  it('the test for secret-looking text answers the same on short text and on text past 256 bytes', async () => {
    const names = [
      'secret',
      'TOKEN',
      'passwd',
      'pwd',
      'credentials',
      'ciphertext',
      'private_key',
      'KEY_HASH',
      'signing_key',
      'api_key',
      'ApiKey',
      'authorization',
      'Cookie',
      'privateXkey',
      'apiXkey',
      'keyXhash',
      'signingXkey',
      'amount',
      'note',
      'APİ_KEY',
      'apı_key',
      'ÀPI_KEY',
    ];
    const { rows } = await ctx.db.query<{ name: string; short: boolean; long: boolean; like: boolean }>(
      `select n as name,
              app.audit_text_looks_secret(format('{"%s": 1}', n)) as short,
              app.audit_text_looks_secret(format('{"filler": "%s", "%s": 1}', repeat('y', 300), n)) as long,
              lower(n collate "C") like any (app.audit_secret_likes()) as like
       from unnest($1::text[]) n`,
      [names],
    );
    for (const r of rows) {
      expect({ name: r.name, short: r.short, long: r.long }).toEqual({ name: r.name, short: r.like, long: r.like });
    }
    expect(rows.filter((r) => r.like).map((r) => r.name)).toEqual(names.slice(0, 13));
  });

  it('a long document has its secrets masked like a short one', async () => {
    const details = { filler: 'z'.repeat(400), nested: { client_secret: 'cs-long-789', list: [{ ok: 1 }] } };
    await withPrincipal(ctx.db, service, (tx) =>
      tx.query(`select app.record_admin_action($1, 'integration.long', null, null, $2, null)`, [
        A.id,
        JSON.stringify(details),
      ]),
    );
    const { rows } = await ctx.db.query<{ details: unknown }>(
      `select details from public.admin_actions where org_id = $1 and action = 'integration.long'`,
      [A.id],
    );
    expect(rows[0]!.details).toEqual({ ...details, nested: { client_secret: '[masked]', list: [{ ok: 1 }] } });
    expect(await everything()).not.toContain('cs-long-789');
  });

  it("an invitation's token hash is masked in the entry, and neither token nor hash appears anywhere", async () => {
    const { rows } = await withPrincipal(ctx.db, owner, (tx) =>
      tx.query<{ token: string }>(`select token from public.invite_member($1, 'masked@example.test', 'member')`, [
        A.id,
      ]),
    );
    const token = rows[0]!.token;
    const { rows: entry } = await ctx.db.query<{ new_data: Record<string, unknown> }>(
      `select new_data from public.audit_log where org_id = $1 and action = 'invitations.insert' order by seq desc limit 1`,
      [A.id],
    );
    expect(entry[0]!.new_data).toMatchObject({ email: 'masked@example.test', token_hash: '[masked]' });
    const all = await everything();
    expect(all).not.toContain(token);
    expect(all).not.toContain(createHash('sha256').update(token).digest('hex'));
  });

  it("an API key's hash is masked on insert and on revoke, before and after", async () => {
    const keyHash = createHash('sha256').update('pk_plaintext_never_stored').digest();
    await withPrincipal(ctx.db, service, async (tx) => {
      await tx.query(
        `insert into public.api_keys (org_id, name, role, key_hash, prefix) values ($1, 'Masked', 'viewer', $2, 'pk_mask')`,
        [A.id, keyHash],
      );
      await tx.query(`update public.api_keys set revoked_at = now() where org_id = $1 and prefix = 'pk_mask'`, [A.id]);
    });
    const { rows } = await ctx.db.query<{
      action: string;
      old_data: Record<string, unknown> | null;
      new_data: Record<string, unknown>;
    }>(
      `select action, old_data, new_data from public.audit_log where org_id = $1 and target_table = 'public.api_keys' order by seq desc limit 2`,
      [A.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['api_keys.update', 'api_keys.insert']);
    const [update, insert] = rows;
    // An insert has no before; an update has both, and both are masked.
    expect(insert!.old_data).toBeNull();
    expect(insert!.new_data.key_hash).toBe('[masked]');
    expect(update!.old_data?.key_hash).toBe('[masked]');
    expect(update!.new_data.key_hash).toBe('[masked]');
    expect(await everything()).not.toContain(keyHash.toString('hex'));
  });

  it('secret-looking keys are masked at any depth of the details; ids, timestamps and unset values stay readable', async () => {
    const details = {
      password: 'hunter2',
      nested: {
        client_secret: 'cs-123',
        Authorization: 'Bearer abc.def',
        list: [{ refresh_token: 'rt-456' }, { ok: 1 }],
      },
      db_credentials: { user: 'u' },
      ciphertext: 'AAAA',
      credential_id: 'cred-7',
      token_expires_at: '2030-01-01T00:00:00Z',
      api_key_id: A.apiKey,
      webhook_secret: null,
    };
    await withPrincipal(ctx.db, service, (tx) =>
      tx.query(`select app.record_admin_action($1, 'integration.configured', null, null, $2, null)`, [
        A.id,
        JSON.stringify(details),
      ]),
    );
    const { rows } = await ctx.db.query<{ details: unknown }>(
      `select details from public.admin_actions where org_id = $1 and action = 'integration.configured'`,
      [A.id],
    );
    expect(rows[0]!.details).toEqual({
      password: '[masked]',
      nested: {
        client_secret: '[masked]',
        Authorization: '[masked]',
        list: [{ refresh_token: '[masked]' }, { ok: 1 }],
      },
      db_credentials: '[masked]',
      ciphertext: '[masked]',
      credential_id: 'cred-7',
      token_expires_at: '2030-01-01T00:00:00Z',
      api_key_id: A.apiKey,
      webhook_secret: null,
    });
    const all = await everything();
    for (const secret of ['hunter2', 'cs-123', 'abc.def', 'rt-456', 'AAAA']) expect(all).not.toContain(secret);
  });

  it("another module's table gets the same auditing with one trigger line, including its own mask and omit lists", async () => {
    await ctx.db.exec(`
      create table public.audit_probe (
        org_id uuid not null, id uuid not null default gen_random_uuid(), label text, config_blob jsonb,
        vault_ciphertext bytea, big_content text, primary key (org_id, id));
      create trigger audit_row_change after insert or update or delete on public.audit_probe
        for each row execute function app.audit_row_change('mask=config_blob', 'omit=big_content');`);
    try {
      await ctx.db.query(
        `insert into public.audit_probe (org_id, label, config_blob, vault_ciphertext, big_content) values ($1, 'x', '{"k": "v"}', '\\xdeadbeef', 'lots')`,
        [A.id],
      );
      const { rows } = await ctx.db.query<{ new_data: Record<string, unknown> }>(
        `select new_data from public.audit_log where org_id = $1 and action = 'audit_probe.insert'`,
        [A.id],
      );
      expect(rows[0]!.new_data).toMatchObject({ label: 'x', config_blob: '[masked]', vault_ciphertext: '[masked]' });
      expect(rows[0]!.new_data).not.toHaveProperty('big_content');
    } finally {
      await ctx.db.exec('drop table public.audit_probe');
    }
  });

  it('a misspelt trigger argument fails loudly instead of auditing the wrong thing', async () => {
    await ctx.db.exec(`
      create table public.audit_probe2 (org_id uuid not null, id uuid not null default gen_random_uuid(), primary key (org_id, id));
      create trigger audit_row_change after insert on public.audit_probe2
        for each row execute function app.audit_row_change('masks=x');`);
    try {
      const err = await ctx.db.query('insert into public.audit_probe2 (org_id) values ($1)', [A.id]).then(
        () => null,
        (e: { code?: string }) => e,
      );
      expect(err?.code).toBe('PS422');
    } finally {
      await ctx.db.exec('drop table public.audit_probe2');
    }
  });
});
