import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type Config } from '../../src/infrastructure/config/config';
import { createHttpApp } from '../../src/infrastructure/http/http-app';
import { buildRuntime, type Runtime, type RuntimeOverrides } from '../../src/infrastructure/runtime/runtime';
import type { SqlDatabase } from '../../src/infrastructure/sql/sql-database';
import { apiContractOf } from './api-contract';
import { memoryLogger } from './silent-logger';
import { pgliteKind, type TestDatabaseKind } from './test-databases';
import { scratchDirectory } from './scratch';

export interface TestApp {
  readonly baseUrl: string;
  readonly runtime: Runtime;
  readonly config: Config;
  readonly logLines: string[];
  /** Calls the API as the holder of `key` (none: anonymous). */
  call(
    method: string,
    route: string,
    options?: { key?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body (undefined when the body is not JSON). */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read answers freely
}

export interface TestAppOptions {
  readonly env?: Record<string, string>;
  readonly kind?: TestDatabaseKind;
  readonly overrides?: RuntimeOverrides;
  /**
   * An open database to run over instead of a fresh one of `kind`; its owner closes it, not `close()`
   * (a restart: a second app over the first one's events).
   */
  readonly database?: SqlDatabase;
  /** The data directory to use (default: a fresh temporary one). */
  readonly dataDir?: string;
}

/**
 * The real service (Nest on Fastify) listening on 127.0.0.1 on a free port, over a fresh database of
 * the given kind (or the one given) and a data directory of its own (or the one given).
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? scratchDirectory('numlink-test-');
  const config = loadConfig({ NUMLINK_DATA_DIR: dataDir, NUMLINK_PORT: '0', ...options.env });
  const { db, dispose } = options.database
    ? { db: options.database, dispose: async () => undefined }
    : await (options.kind ?? pgliteKind).open();
  const { logger, lines } = memoryLogger();
  const runtime = await buildRuntime(config, { db, logger, ...options.overrides });
  const app: NestFastifyApplication = await createHttpApp(runtime);
  runtime.start();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    baseUrl,
    runtime,
    config,
    logLines: lines,
    call: async (method, route, callOptions = {}) => {
      const headers: Record<string, string> = { ...callOptions.headers };
      if (callOptions.key) headers.authorization = `Bearer ${callOptions.key}`;
      let body: string | undefined;
      if (callOptions.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = typeof callOptions.body === 'string' ? callOptions.body : JSON.stringify(callOptions.body);
      }
      const response = await fetch(`${baseUrl}${route}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const answer = { status: response.status, headers: response.headers, text, body: parsed };
      // Every answer an e2e test receives keeps the OpenAPI contract (issue 13: the two cannot drift).
      const problem = (await apiContractOf(baseUrl)).problemWith(method, route, answer);
      if (problem) throw new Error(`The answer breaks the OpenAPI contract: ${problem}`);
      return answer;
    },
    close: async () => {
      await app.close();
      await runtime.close();
      await dispose();
    },
  };
}
