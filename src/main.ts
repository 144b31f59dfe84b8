import 'reflect-metadata';
import { startTracing, type Tracing } from './infrastructure/observability/telemetry';
import { createLogger, type Logger } from './infrastructure/observability/logger';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

async function main(): Promise<void> {
  // The SDK first (when OTEL_* ask for it), before Nest and the adapters load.
  const tracing = await startTracing();
  const level = process.env.NUMLINK_LOG_LEVEL?.trim();
  const logger = createLogger({ level: level && LEVELS.includes(level) ? level : 'info' });
  try {
    await serve(logger, tracing);
  } catch (failure) {
    const { describeStartupFailure } = await import('./infrastructure/runtime/startup-failure');
    const { message, fields } =
      failure instanceof StartFailure
        ? describeStartupFailure(failure.stage, failure.error, failure.port)
        : describeStartupFailure('http', failure, undefined);
    logger.fatal(fields, message);
    await tracing?.shutdown().catch(() => undefined);
    process.exit(1);
  }
}

/** A failure at one stage of start-up, described to the operator in one log line. */
class StartFailure extends Error {
  constructor(
    readonly stage: 'configuration' | 'database' | 'http',
    readonly error: unknown,
    readonly port?: number,
  ) {
    super(`start-up failed at ${stage}`);
  }
}

async function serve(logger: Logger, tracing: Tracing | undefined): Promise<void> {
  const { loadConfig } = await import('./infrastructure/config/config');
  const { buildRuntime } = await import('./infrastructure/runtime/runtime');
  const { createHttpApp } = await import('./infrastructure/http/http-app');
  const { gracefulShutdown } = await import('./infrastructure/runtime/graceful-shutdown');

  const config = attempt('configuration', () => loadConfig());
  const runtime = await attemptAsync('database', () => buildRuntime(config, { logger }));
  const app = await attemptAsync('http', () => createHttpApp(runtime));
  runtime.start();
  await attemptAsync('http', () => app.listen({ port: config.port, host: '0.0.0.0' }), config.port);
  logger.info(
    {
      port: config.port,
      mode: config.mode,
      events:
        config.eventStore === 'eventstoredb' ? 'eventstoredb' : config.databaseUrl ? 'postgres' : 'pglite',
      projections: config.databaseUrl ? 'postgres' : 'pglite',
      tracing: tracing !== undefined,
    },
    'numlink is listening',
  );

  const shutdown = gracefulShutdown({
    runtime,
    closeHttp: () => app.close(),
    tracing,
    logger,
    exit: (code) => process.exit(code),
  });
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function attempt<T>(stage: StartFailure['stage'], work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new StartFailure(stage, error);
  }
}

async function attemptAsync<T>(
  stage: StartFailure['stage'],
  work: () => Promise<T>,
  port?: number,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new StartFailure(stage, error, port);
  }
}

void main();
