import type { Logger } from '../observability/logger';
import type { Tracing } from '../observability/telemetry';
import type { Runtime } from './runtime';

export interface ShutdownParts {
  readonly runtime: Runtime;
  /** Stops listening and resolves when the requests in flight have been answered. */
  readonly closeHttp: () => Promise<void>;
  readonly tracing: Tracing | undefined;
  readonly logger: Logger;
  readonly exit: (code: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM: readiness answers 503 (for the drain time, while load balancers notice), the listener closes
 * and the requests in flight are answered, projections and reactions stop after their current batch (at
 * a checkpoint), the connections close, and the process exits 0. If that takes longer than the grace,
 * it exits 1 anyway. One log line per phase.
 */
export function gracefulShutdown(parts: ShutdownParts): (signal: string) => Promise<void> {
  const { runtime, logger } = parts;
  const { shutdownGraceSeconds: grace, shutdownDrainSeconds: drain } = runtime.config;
  let started = false;
  return async (signal) => {
    if (started) {
      logger.info({ signal }, 'shutdown: already under way');
      return;
    }
    started = true;
    const began = Date.now();
    const deadline = setTimeout(() => {
      logger.error(
        { graceSeconds: grace, inFlight: runtime.lifecycle.inFlight },
        'shutdown: grace expired; exiting without finishing',
      );
      parts.exit(1);
    }, grace * 1000);
    deadline.unref();
    const ms = () => Date.now() - began;
    try {
      runtime.lifecycle.startDraining(began);
      logger.info(
        { signal, graceSeconds: grace, drainSeconds: drain, inFlight: runtime.lifecycle.inFlight },
        'shutdown: readiness answers 503',
      );
      if (drain > 0) await sleep(drain * 1000);
      const inFlight = runtime.lifecycle.inFlight;
      await parts.closeHttp();
      logger.info({ inFlight, ms: ms() }, 'shutdown: HTTP closed; requests in flight answered');
      await runtime.stopWork();
      logger.info({ ms: ms() }, 'shutdown: projections and reactions stopped at their checkpoints');
      await runtime.close();
      await parts.tracing?.shutdown();
      logger.info({ ms: ms() }, 'shutdown: connections closed');
      clearTimeout(deadline);
      logger.info({ ms: ms() }, 'shutdown: done');
      parts.exit(0);
    } catch (error) {
      clearTimeout(deadline);
      logger.error({ err: error, ms: ms() }, 'shutdown: failed');
      parts.exit(1);
    }
  };
}
