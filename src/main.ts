import 'reflect-metadata';
import { ConfigError, loadConfig } from './infrastructure/config/config';
import { DataDirInUseError } from './infrastructure/sql/data-dir-lock';
import { createHttpApp } from './infrastructure/http/http-app';
import { buildRuntime } from './infrastructure/runtime/runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await buildRuntime(config);
  const app = await createHttpApp(runtime);
  runtime.start();
  await app.listen({ port: config.port, host: '0.0.0.0' });
  runtime.logger.info(
    {
      port: config.port,
      mode: config.mode,
      events:
        config.eventStore === 'eventstoredb' ? 'eventstoredb' : config.databaseUrl ? 'postgres' : 'pglite',
      projections: config.databaseUrl ? 'postgres' : 'pglite',
    },
    'numlink is listening',
  );

  const shutdown = async (signal: string) => {
    runtime.logger.info({ signal }, 'shutting down');
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // A second service (or a CLI) on the same embedded store: say so plainly.
  if (error instanceof ConfigError || error instanceof DataDirInUseError) {
    console.error(`numlink cannot start: ${error.message}`);
  } else {
    console.error('numlink cannot start:', error);
  }
  process.exit(1);
});
