import type { Command } from 'commander';
import { action, EXIT, withDatabase } from '../cli/util.ts';
import type { Database } from '../db/types.ts';

// The registry's modules load inside each action, so `palisade --help` does not load them.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Who {
  email?: string;
  userId?: string;
}

/** auth.users is read as the owner: the API roles cannot see it. */
async function resolveUser(db: Database, who: Who): Promise<string | null> {
  if (who.userId) {
    const { rows } = await db.query<{ id: string }>('select id from auth.users where id = $1', [who.userId]);
    return rows[0]?.id ?? null;
  }
  const { rows } = await db.query<{ id: string }>('select id from auth.users where lower(email) = lower($1)', [
    who.email,
  ]);
  return rows[0]?.id ?? null;
}

function checkWho(who: Who): string | null {
  if (!who.email === !who.userId) return 'name the person with exactly one of --email or --user-id';
  if (who.userId && !UUID.test(who.userId)) return '--user-id must be a UUID';
  return null;
}

/**
 * The platform admin registry has no API write path: operators with database access change it
 * here, as the service role (the only role its policies let write), and each change is recorded
 * in the platform-wide admin_actions chain.
 */
export function register(program: Command) {
  const admins = program
    .command('admins')
    .description('list, add or remove platform admins (people who may obtain an admin token)')
    .addHelpText(
      'after',
      '\nWith the embedded database, stop the server first: one process at a time may open its data dir.\nExit codes: 0 done (or already so), 1 the person was not found, 2 bad usage.',
    );

  admins
    .command('list')
    .description('list the platform admins')
    .action(
      action(async () => {
        const { listPlatformAdmins } = await import('./admins.ts');
        return withDatabase(async (db) => {
          const rows = await listPlatformAdmins(db, { asOwner: true });
          if (rows.length === 0) console.log('No platform admins.');
          else
            console.table(rows.map((r) => ({ user_id: r.user_id, email: r.email, note: r.note, since: r.created_at })));
        });
      }),
    );

  for (const verb of ['add', 'remove'] as const) {
    admins
      .command(verb)
      .description(
        verb === 'add'
          ? 'make a person a platform admin (they must have signed in once)'
          : 'remove a platform admin: their admin tokens stop working at once',
      )
      .option('--email <email>', 'the person, by email')
      .option('--user-id <uuid>', 'the person, by auth.users id')
      .option('--note <text>', 'why (kept with the entry)')
      .action(
        action(async (opts: Who & { note?: string }) => {
          const problem = checkWho(opts);
          if (problem) {
            console.error(`palisade admins ${verb}: ${problem}.`);
            return EXIT.usage;
          }
          const [{ recordAdminAction }, { withPrincipal }, { addPlatformAdmin, removePlatformAdmin }] =
            await Promise.all([import('../db/admin-actions.ts'), import('../db/principal.ts'), import('./admins.ts')]);
          return withDatabase(async (db) => {
            const userId = await resolveUser(db, opts);
            if (!userId) {
              console.error(
                `palisade admins ${verb}: no such user. A person appears in auth.users after their first authenticated request.`,
              );
              return EXIT.failure;
            }
            const changed = await withPrincipal(db, { kind: 'service' }, async (tx) => {
              const done =
                verb === 'add'
                  ? await addPlatformAdmin(tx, userId, opts.note ?? null)
                  : await removePlatformAdmin(tx, userId);
              if (done) {
                await recordAdminAction(tx, {
                  orgId: null,
                  action: `platform_admin.${verb}`,
                  targetTable: 'platform.admins',
                  targetId: userId,
                  details: { note: opts.note ?? null, via: 'cli' },
                  requestId: null,
                });
              }
              return done;
            });
            console.log(
              changed
                ? `${verb === 'add' ? 'Added' : 'Removed'} platform admin ${userId}.`
                : `Nothing changed: ${userId} ${verb === 'add' ? 'is already' : 'is not'} a platform admin.`,
            );
            return EXIT.ok;
          });
        }),
      );
  }
}
