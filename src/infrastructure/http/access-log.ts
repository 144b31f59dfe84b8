import type { FastifyInstance } from 'fastify';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

/**
 * One access-log line per request with the route template (`/v1/number-links/:iin`), never the raw
 * path or query string, which hold IINs and phone numbers (SPEC R15).
 */
export function installAccessLog(fastify: FastifyInstance, logger: Logger, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpRequestDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      seconds,
    );
    logger.info(
      {
        requestId: request.id,
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'http',
    );
    done();
  });
}
