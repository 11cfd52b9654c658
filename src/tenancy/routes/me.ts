import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setList } from '../../db/fragments.ts';
import { invalid, preconditionFailed } from '../../errors/error.ts';
import { ifMatch, setEtag, versionParam } from '../../http/concurrency.ts';
import { run, runRead } from '../../http/run.ts';
import { IfMatchHeaders, isoRequired, Name, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import { createOwnProfile, getOwnProfile, type ProfileRow, updateOwnProfile } from '../queries/profiles.ts';

const Profile = z
  .object({
    user_id: Uuid,
    display_name: z.string().nullable(),
    avatar_url: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Profile' });

const Me = z.object({
  principal: z.object({
    kind: z.enum(['user', 'platform_admin', 'api_key']),
    user_id: Uuid.optional(),
    email: z.string().optional(),
    org_id: Uuid.optional(),
    role: z
      .string()
      .optional()
      .describe("an API key's effective role: the lower of its own role and its creator's live role"),
    api_key_id: Uuid.optional(),
  }),
  profile: Profile.nullable(),
});

const ProfilePatch = z
  .object({
    display_name: Name.nullable().optional(),
    avatar_url: z
      .url({ protocol: /^https$/ })
      .max(2048)
      .nullable()
      .optional(),
  })
  .strict();

const toProfile = (r: ProfileRow) => ({
  user_id: r.user_id,
  display_name: r.display_name,
  avatar_url: r.avatar_url,
  created_at: isoRequired(r.created_at),
  updated_at: isoRequired(r.updated_at),
});

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/me',
    {
      schema: {
        tags: ['me'],
        operationId: 'getMe',
        summary: 'Who the credential says I am, and my profile',
        response: { 200: Me },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p.kind === 'api_key') {
        return {
          principal: { kind: 'api_key' as const, org_id: p.orgId, role: p.role, api_key_id: p.keyId },
          profile: null,
        };
      }
      if (p.kind !== 'user' && p.kind !== 'platform_admin') throw invalid('no principal');
      const profile = await runRead(req, getOwnProfile);
      if (profile) setEtag(reply, profile.v);
      return {
        principal: { kind: p.kind, user_id: p.userId, ...(p.email ? { email: p.email } : {}) },
        profile: profile ? toProfile(profile) : null,
      };
    },
  );

  r.patch(
    '/v1/me',
    {
      config: { auth: 'person' },
      schema: {
        operationId: 'updateMe',
        tags: ['me'],
        summary: 'Edit my profile (created on first edit)',
        headers: IfMatchHeaders,
        body: ProfilePatch,
        response: { 200: Profile },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const set = setList({ display_name: req.body.display_name, avatar_url: req.body.avatar_url }, 1);
      if (set.params.length === 0) throw invalid('send at least one field to change');
      const row = await run(
        req,
        async (tx) => {
          const updated = await updateOwnProfile(tx, set, versionParam(versions));
          if (updated) return updated;
          const current = await getOwnProfile(tx);
          if (current || (versions && !versions.includes('*'))) throw preconditionFailed();
          return createOwnProfile(tx, req.body);
        },
        { audit: { table: 'public.profiles' } },
      );
      setEtag(reply, row.v);
      return toProfile(row);
    },
  );
};

export default routes;
