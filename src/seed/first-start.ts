import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCK_FILE } from '../db/datadir.ts';
import { openPglite } from '../db/pglite.ts';
import { loadMigrations, migrate } from '../migrations/runner.ts';
import { seedDemo } from './demo.ts';

/**
 * The embedded engine's first-start image: a data dir with every migration applied and the demo
 * seeded, built once by `npm run build` (which `npm install` runs in a checkout; the package ships
 * it). `palisade serve` on an empty data dir copies it (a tenth of a second) instead of running
 * initdb, every migration and the seed (about eight seconds), then adds what belongs to the
 * machine: the vault key, the audit signing key, the development JWT secret, the demo's stored
 * credentials and signed chain heads (src/seed/keyed.ts).
 *
 * Nothing usable is shared between installations through it. The demo's API keys, invitation and
 * passwords are hashes of random bytes that the build discarded (they exist to be probed, never
 * used, exactly as when the seed runs on first start); every secret is generated after the copy,
 * on the machine that starts it. src/seed/first-start.test.ts checks that the image
 * holds what a fresh migrate and seed hold, and no vault secret, anchor or stored credential.
 *
 * The manifest names what the image was built from; an image built from other migrations or by
 * another PGlite is never used (the data dir is then made by initdb, the migrations and the seed,
 * as without an image), so a stale build costs seconds, never a wrong schema.
 */
export const IMAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/first-start');
const DATA = 'data';
const MANIFEST = 'manifest.json';

export interface ImageManifest {
  format: 1;
  /** The @electric-sql/pglite version that wrote the data files. */
  pglite: string;
  /** sha256 over every migration's name and checksum, in apply order. */
  migrations: string;
  /** What the image holds beyond the migrations. */
  seed: 'demo';
  /**
   * Every folder of the data dir, relative to it: PostgreSQL needs its empty ones (pg_tblspc,
   * pg_twophase …) and a package drops empty folders, so a copy makes them from this list.
   */
  directories?: string[];
}

/** What an image built now from this checkout would say (without its folder list). */
export function currentManifest(): ImageManifest {
  const h = createHash('sha256');
  for (const m of loadMigrations()) h.update(`${m.name}\0${m.checksum}\n`);
  return { format: 1, pglite: pgliteVersion(), migrations: h.digest('hex'), seed: 'demo' };
}

export interface Image {
  dataDir: string;
  directories: string[];
}

/** The image for a new data dir, or why there is none (said once in the start-up notes). */
export function currentImage(dir = IMAGE_DIR): Image | { reason: string } {
  const manifestFile = path.join(dir, MANIFEST);
  const dataDir = path.join(dir, DATA);
  if (!existsSync(manifestFile) || !existsSync(path.join(dataDir, 'PG_VERSION'))) {
    return { reason: `no first-start image in ${dir} (\`npm run build\` makes one)` };
  }
  let built: Partial<ImageManifest>;
  try {
    built = JSON.parse(readFileSync(manifestFile, 'utf8')) as Partial<ImageManifest>;
  } catch {
    return { reason: `${manifestFile} is not JSON (\`npm run build\` makes it again)` };
  }
  const now = currentManifest();
  if (built.format !== now.format || built.pglite !== now.pglite || built.seed !== now.seed) {
    return {
      reason: `the first-start image in ${dir} was built by another version (\`npm run build\` makes it again)`,
    };
  }
  if (built.migrations !== now.migrations) {
    return { reason: `the first-start image in ${dir} predates the migrations (\`npm run build\` makes it again)` };
  }
  return { dataDir, directories: Array.isArray(built.directories) ? built.directories.map(String) : [] };
}

/**
 * Fills `target`, a data dir without a database, from the image: every file but the lock, the
 * folders the package may have dropped, and PG_VERSION last, so a copy cut short is no database
 * (the next start copies again).
 */
export function copyImage(image: Image, target: string): void {
  const root = path.resolve(target);
  const folders = image.directories.map((d) => {
    const full = path.resolve(root, d);
    if (!full.startsWith(root + path.sep)) throw new Error(`${d}: not a folder inside the data dir`);
    return full;
  });
  for (const name of readdirSync(image.dataDir)) {
    if (name !== 'PG_VERSION' && name !== LOCK_FILE) {
      cpSync(path.join(image.dataDir, name), path.join(root, name), { recursive: true });
    }
  }
  for (const full of folders) mkdirSync(full, { recursive: true });
  cpSync(path.join(image.dataDir, 'PG_VERSION'), path.join(root, 'PG_VERSION'));
}

/**
 * PgliteOptions.firstStart for `palisade serve`: the image when it is current, else initdb, with
 * one line for the start-up notes either way.
 */
export function firstStartImage(note: (line: string) => void = () => {}) {
  return (dataDir: string): boolean => {
    const t = currentImage();
    if ('reason' in t) {
      note(`Created the embedded database with initdb, every migration and the seed: ${t.reason}.`);
      return false;
    }
    copyImage(t, dataDir);
    note('Created the embedded database from the first-start image (dist/first-start), not initdb.');
    return true;
  };
}

/**
 * Builds the image into `dir`, replacing what is there only once it is complete. A new data dir is
 * migrated and seeded: nothing of this machine's data dir, keys or configuration goes in. Its files
 * are made readable by all (they hold no secret), so an installation owned by one account can be
 * started by another; each copy is made private again when it is opened.
 *
 * @public (scripts/build.js imports it from the compiled dist/)
 */
export async function buildFirstStartImage(dir = IMAGE_DIR): Promise<ImageManifest> {
  const manifest = currentManifest();
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const db = await openPglite({ dataDir: path.join(tmp, DATA) });
  try {
    await migrate(db);
    await seedDemo(db);
  } finally {
    await db.close();
  }
  rmSync(path.join(tmp, DATA, LOCK_FILE), { force: true });
  const directories = foldersUnder(path.join(tmp, DATA));
  writeFileSync(path.join(tmp, MANIFEST), `${JSON.stringify({ ...manifest, directories }, null, 2)}\n`);
  openUp(tmp);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return manifest;
}

function foldersUnder(root: string, rel = ''): string[] {
  return readdirSync(path.join(root, rel), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => {
      const sub = rel ? `${rel}/${e.name}` : e.name;
      return [sub, ...foldersUnder(root, sub)];
    });
}

function openUp(p: string) {
  const st = lstatSync(p);
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    chmodSync(p, 0o755);
    for (const name of readdirSync(p)) openUp(path.join(p, name));
  } else chmodSync(p, 0o644);
}

function pgliteVersion(): string {
  // Its package.json is not in the package's exports: look for it as Node looks for the package,
  // in node_modules from this file's folder up.
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'node_modules', '@electric-sql', 'pglite', 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version?: string };
    if (pkg.version) return pkg.version;
  }
  throw new Error(`no @electric-sql/pglite in a node_modules above ${here}`);
}
