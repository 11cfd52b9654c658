/**
 * The TypeScript 7 compiler, for the rules that read TypeScript/JavaScript (PAL009, PAL011). It is a
 * native (Go) binary; its JavaScript API (typescript/unstable/sync) starts it and hands back real
 * syntax trees and a type checker, so comments, strings and line breaks cannot fool a rule.
 *
 * typescript is a devDependency: these rules run where the source is (a checkout, CI), not in a
 * production install. It is loaded only when such a rule runs, so `palisade lint` on migrations or
 * a live database needs nothing more than the runtime dependencies.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Project } from 'typescript/unstable/sync';

const EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

/** The linter cannot read the code as asked (the compiler is missing, a file did not load). Exit 2. */
export class TypeScriptLintError extends Error {
  override name = 'TypeScriptLintError';
}

/**
 * Source files under each path (a path that is a file is taken as it is), sorted. Dependencies
 * (node_modules) are skipped, and so are directories in `skipDirs` met while walking.
 */
export function sourceFiles(paths: string[], skipDirs: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!skipDirs.has(name)) visit(path.join(p, name));
    } else if (EXTENSIONS.has(path.extname(p)) && !/\.d\.[cm]?ts$/.test(p)) {
      out.push(p);
    }
  };
  for (const p of paths) visit(path.resolve(p));
  return [...new Set(out)];
}

/** The compiler's API, or a TypeScriptLintError saying how to get it. Call before loading a rule that uses it. */
export async function typescriptApi(): Promise<typeof import('typescript/unstable/sync')> {
  try {
    return await import('typescript/unstable/sync');
  } catch (err) {
    throw new TypeScriptLintError(
      `the TypeScript 7 compiler API is unavailable (${(err as Error).message.split('\n')[0]}); it is a devDependency: run npm install in the checkout`,
    );
  }
}

/** Opens `files` in the compiler (their tsconfig.json project, else an inferred one) and runs `fn`. */
export async function withPrograms<T>(
  files: string[],
  cwd: string,
  fn: (projectOf: (file: string) => Project) => T,
): Promise<T> {
  const { API } = await typescriptApi();
  let api: InstanceType<typeof API>;
  try {
    api = new API({ cwd });
  } catch (err) {
    throw new TypeScriptLintError(
      `cannot start the TypeScript compiler (${(err as Error).message}); is @typescript/typescript-${process.platform}-${process.arch} installed?`,
    );
  }
  try {
    const snapshot = api.updateSnapshot({ openFiles: files });
    return fn((file) => {
      const project = snapshot.getDefaultProjectForFile(file);
      if (!project?.program.getSourceFile(file))
        throw new TypeScriptLintError(`the TypeScript compiler did not load ${file}`);
      return project;
    });
  } finally {
    api.close();
  }
}
