import type { Command } from 'commander';
import { migrate } from '../migrations/runner.ts';
import { seedDemo } from '../seed/demo.ts';
import { DEMO } from '../seed/ids.ts';
import { action, withDatabase } from './util.ts';

export function register(program: Command) {
  program
    .command('start')
    .description('open the database, apply migrations, seed the demo on first run of an empty embedded database, and report')
    .addHelpText('after', '\nExit codes: 0 ready, 1 failed, 2 bad configuration.')
    .action(
      action(async () =>
        withDatabase(async (db) => {
          const applied = await migrate(db);
          const { rows } = await db.query<{ n: number }>('select count(*)::int as n from public.organisations');
          let seeded = false;
          if (db.kind === 'pglite' && rows[0]?.n === 0) {
            await seedDemo(db);
            seeded = true;
          }
          const counts = await db.query<{ orgs: number; members: number; workspaces: number; projects: number }>(
            `select (select count(*) from public.organisations)::int as orgs,
                    (select count(*) from public.organisation_members)::int as members,
                    (select count(*) from public.workspaces)::int as workspaces,
                    (select count(*) from public.projects)::int as projects`,
          );
          const c = counts.rows[0]!;
          console.log(`Palisade database ready (${db.kind}): ${db.location}`);
          if (db.kind === 'pglite') console.log('  Embedded engine: the owner role is used directly. Set DATABASE_URL to use a PostgreSQL server.');
          console.log(`  Migrations applied now: ${applied.length}${seeded ? '; demo data seeded (first run)' : ''}`);
          console.log(`  Holds: ${c.orgs} organisations, ${c.members} memberships, ${c.workspaces} workspaces, ${c.projects} projects`);
          if (seeded || c.orgs > 0) {
            console.log(`  Demo organisations: ${DEMO.orgs.a.name} ${DEMO.orgs.a.id}, ${DEMO.orgs.b.name} ${DEMO.orgs.b.id}`);
            console.log('  Personas (owner, admin, member, viewer, invited, suspended): npx palisade seed --demo lists them.');
          }
        }),
      ),
    );
}
