import type { JobQueue } from './queue.ts';

/**
 * Stops `queue` gracefully on the first of `signals` (running handlers finish, nothing new is
 * fetched), then calls `onStopped`; what the process does next is the caller's to decide.
 * A handler still running at the timeout is left to expire and be retried by another worker.
 * Returns a function that removes the listeners.
 */
export function stopOnSignals(
  queue: JobQueue,
  opts: { signals?: NodeJS.Signals[]; timeoutMs?: number; onStopped?: (err?: unknown) => void } = {},
): () => void {
  const signals = opts.signals ?? ['SIGTERM', 'SIGINT'];
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    queue.stop({ graceful: true, timeoutMs: opts.timeoutMs }).then(
      () => opts.onStopped?.(),
      (err: unknown) => opts.onStopped?.(err),
    );
  };
  for (const s of signals) process.on(s, onSignal);
  return () => {
    for (const s of signals) process.off(s, onSignal);
  };
}
