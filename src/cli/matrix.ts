import path from 'node:path';
import type { Command } from 'commander';
import { action, EXIT } from './util.ts';

export function register(program: Command) {
  program
    .command('matrix')
    .description(
      'print the persona matrix (who may select/insert/update/delete what) as Markdown, or refresh the docs that embed it',
    )
    .option('--write', 'rewrite the generated block in every docs/**/*.md that embeds it')
    .option('--check', 'exit 1 if any doc embeds a stale matrix')
    .addHelpText('after', '\nExit codes: 0 printed or up to date, 1 --check found a stale doc, 2 bad usage.')
    .action(
      action(async (opts: { write?: boolean; check?: boolean }) => {
        // The persona matrix loads here, so `palisade --help` does not load it.
        const [{ matrixDocs, staleMatrixDocs }, { renderMatrix }] = await Promise.all([
          import('../personas/docs.ts'),
          import('../personas/render.ts'),
        ]);
        if (!opts.write && !opts.check) {
          console.log(renderMatrix());
          return;
        }
        const stale = staleMatrixDocs({ write: opts.write });
        const rel = (f: string) => path.relative(process.cwd(), f);
        if (opts.write) {
          console.log(
            stale.length ? `Updated ${stale.map(rel).join(', ')}` : `All ${matrixDocs().length} docs already current.`,
          );
          return;
        }
        if (stale.length) {
          console.error(`Stale persona matrix in ${stale.map(rel).join(', ')}: run \`npx palisade matrix --write\`.`);
          return EXIT.failure;
        }
        console.log(`All ${matrixDocs().length} docs embed the current matrix.`);
      }),
    );
}
