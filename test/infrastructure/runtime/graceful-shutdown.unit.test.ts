import { gracefulShutdown } from '../../../src/infrastructure/runtime/graceful-shutdown';
import { Lifecycle } from '../../../src/infrastructure/runtime/lifecycle';
import type { Runtime } from '../../../src/infrastructure/runtime/runtime';
import { memoryLogger } from '../../support/silent-logger';

/** The parts of a runtime a shutdown uses; the projections take as long as `stopWork` says. */
function runtimeStoppingWith(stopWork: () => Promise<void>): Runtime {
  const parts: Pick<Runtime, 'config' | 'lifecycle' | 'stopWork' | 'close'> = {
    config: { shutdownGraceSeconds: 1, shutdownDrainSeconds: 0 } as Runtime['config'],
    lifecycle: new Lifecycle(),
    stopWork,
    close: async () => undefined,
  };
  return parts as Runtime;
}

describe('a shutdown that outlives its grace', () => {
  it('exits 1 with a log line once the grace is over, even if a projection never stops', async () => {
    const { logger, lines } = memoryLogger();
    const exited = new Promise<number>((resolve) => {
      void gracefulShutdown({
        runtime: runtimeStoppingWith(() => new Promise<void>(() => undefined)),
        closeHttp: async () => undefined,
        tracing: undefined,
        logger,
        exit: resolve,
      })('SIGTERM');
    });
    expect(await exited).toBe(1);
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual([
      'shutdown: readiness answers 503',
      'shutdown: HTTP closed; requests in flight answered',
      'shutdown: grace expired; exiting without finishing',
    ]);
  });

  it('answers a second signal without starting again', async () => {
    const { logger, lines } = memoryLogger();
    const codes: number[] = [];
    const shutdown = gracefulShutdown({
      runtime: runtimeStoppingWith(async () => undefined),
      closeHttp: async () => undefined,
      tracing: undefined,
      logger,
      exit: (code) => codes.push(code),
    });
    await Promise.all([shutdown('SIGTERM'), shutdown('SIGINT')]);
    expect(codes).toEqual([0]);
    expect(lines.filter((line) => line.includes('already under way'))).toHaveLength(1);
  });
});
