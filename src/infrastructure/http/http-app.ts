import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../app.module';
import type { Runtime } from '../runtime/runtime';
import { ensureTraceContext } from '../observability/telemetry';
import { requestIdFrom } from '../observability/request-scope';
import { installAccessLog } from './access-log';
import { installContentLanguage } from './content-language';
import { installRequestScope } from './request-scope-hooks';
import { installConsole } from './console/console-routes';
import { ErrorFilter } from './error-filter';
import { answerClientError, answerFrameworkError, installInputLimits } from './input-limits';
import { NestLogger } from './nest-logger';
import { buildOpenApiDocument, serveOpenApiDocument } from './openapi/openapi-document';
import { validationPipe } from './validation';

/** Bodies are small JSON documents; anything larger is refused with 413. */
const BODY_LIMIT_BYTES = 64 * 1024;

/** The HTTP API v1 over a runtime, not yet listening. */
export async function createHttpApp(runtime: Runtime): Promise<NestFastifyApplication> {
  ensureTraceContext();
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    logger: false,
    trustProxy: false,
    genReqId: (request: IncomingMessage) => requestIdFrom(request.headers),
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRuntime(runtime), adapter, {
    logger: new NestLogger(runtime.logger),
    abortOnError: false,
    // JSON only, through the parser installInputLimits sets (Nest's own would replace it).
    bodyParser: false,
  });
  installInputLimits(adapter.getInstance(), BODY_LIMIT_BYTES);
  app.useGlobalFilters(new ErrorFilter(runtime.logger, runtime.config.defaultLanguage));
  app.useGlobalPipes(validationPipe);
  installRequestScope(app.getHttpAdapter().getInstance(), runtime.lifecycle);
  installAccessLog(app.getHttpAdapter().getInstance(), runtime.logger, runtime.metrics);
  installContentLanguage(app.getHttpAdapter().getInstance(), runtime.config.defaultLanguage);
  installConsole(app.getHttpAdapter().getInstance(), runtime);

  serveOpenApiDocument(app, buildOpenApiDocument(app));
  await app.init();
  return app;
}
