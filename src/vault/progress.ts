import { progress } from '../cli/util.ts';

/**
 * Adapts the CLI's tick-based progress bar to callbacks that report (done, total): the bar starts
 * at the first report, when the total is known.
 */
export function progressReporter(label: string) {
  let bar: ReturnType<typeof progress> | undefined;
  let last = 0;
  return {
    report(done: number, total: number) {
      bar ??= progress(label, total);
      if (done > last) bar.tick(done - last);
      last = done;
    },
    stop() {
      bar?.stop();
    },
  };
}
