// Runs provisioning log retention: at start, then every hour, in the background. The timer does
// not keep the process alive; `stop()` (shutdown) cancels the timer and waits for a run in
// progress to finish its current batch. Several instances may run it: the pruning itself takes
// an advisory lock per batch and yields to whoever holds it.
import type { Logger } from 'pino';
import type { ProvisioningLogService } from './provisioning-log.service.js';

export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionJob {
  /** Cancels the schedule; a run in progress stops after its current batch. */
  stop(): Promise<void>;
  /** Resolves when no run is in progress (for tests and tools). */
  whenIdle(): Promise<void>;
}

export function startProvisioningLogRetention(opts: {
  log: ProvisioningLogService;
  /** 0 keeps entries forever (no job). */
  retentionDays: number;
  logger: Logger;
  intervalMs?: number;
}): RetentionJob {
  const { log, retentionDays, logger } = opts;
  if (retentionDays <= 0) {
    logger.info('provisioning log retention: entries are kept forever');
    return { stop: async () => undefined, whenIdle: async () => undefined };
  }
  const abort = new AbortController();
  let running: Promise<void> | null = null;
  const run = () => {
    if (running || abort.signal.aborted) return; // one run at a time per process
    const cutoff = new Date(Date.now() - retentionDays * DAY_MS);
    running = log
      .prune(cutoff, { signal: abort.signal })
      .then(({ deleted, skipped }) => {
        if (deleted || skipped) logger.info({ deleted, skipped, retentionDays }, 'provisioning log retention');
      })
      // Class and SQLSTATE only: driver messages carry the SQL. The next run tries again.
      .catch((err: unknown) => {
        const e = err as { name?: string; code?: string };
        logger.error({ err: { type: e?.name, code: e?.code } }, 'provisioning log retention failed');
      })
      .finally(() => {
        running = null;
      });
  };
  run();
  const timer = setInterval(run, opts.intervalMs ?? RETENTION_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      abort.abort();
      await running;
    },
    async whenIdle() {
      await running;
    },
  };
}
