import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from '../../app.module';
import type { Runtime } from '../runtime/runtime';
import { installAccessLog } from './access-log';
import { installConsole } from './console/console-routes';
import { ErrorFilter } from './error-filter';
import { NestLogger } from './nest-logger';
import { validationPipe } from './validation';

/** Bodies are small JSON documents; anything larger is refused with 413. */
const BODY_LIMIT_BYTES = 64 * 1024;

/** The HTTP API v1 over a runtime, not yet listening. */
export async function createHttpApp(runtime: Runtime): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, logger: false, trustProxy: false });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRuntime(runtime), adapter, {
    logger: new NestLogger(runtime.logger),
    abortOnError: false,
  });
  app.useGlobalFilters(new ErrorFilter(runtime.logger));
  app.useGlobalPipes(validationPipe);
  installAccessLog(app.getHttpAdapter().getInstance(), runtime.logger, runtime.metrics);
  installConsole(app.getHttpAdapter().getInstance(), runtime);

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
