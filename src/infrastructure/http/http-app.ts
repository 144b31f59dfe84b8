import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from '../../app.module';
import type { Runtime } from '../runtime/runtime';
import { installAccessLog } from './access-log';
import { ErrorFilter } from './error-filter';
import { answerClientError, answerFrameworkError, installInputLimits } from './input-limits';
import { NestLogger } from './nest-logger';
import { validationPipe } from './validation';

/** Bodies are small JSON documents; anything larger is refused with 413. */
const BODY_LIMIT_BYTES = 64 * 1024;

/** The HTTP API v1 over a runtime, not yet listening. */
export async function createHttpApp(runtime: Runtime): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    logger: false,
    trustProxy: false,
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
  app.useGlobalFilters(new ErrorFilter(runtime.logger));
  app.useGlobalPipes(validationPipe);
  installAccessLog(app.getHttpAdapter().getInstance(), runtime.logger, runtime.metrics);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('numlink API')
      .setDescription("Connects a citizen's mobile number to their e-government portal account.")
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  app
    .getHttpAdapter()
    .getInstance()
    .get('/docs', (_request, reply) => {
      void reply.send(document);
    });
  await app.init();
  return app;
}
