import { AsyncResource } from 'node:async_hooks';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestScope } from '../observability/request-scope';
import type { Lifecycle } from '../runtime/lifecycle';

const tracer = trace.getTracer('numlink');

interface Scope {
  readonly resource: AsyncResource;
  readonly span: Span;
}

const scopes = new WeakMap<FastifyRequest, Scope>();

/**
 * Serves each request in its own scope: its id (`X-Request-Id`, echoed in the answer) in every log
 * line, and a server span continuing the caller's W3C `traceparent`. Fastify resumes after the body is
 * read in the socket's async context, so the handler is put back into the request's scope.
 */
export function installRequestScope(fastify: FastifyInstance, lifecycle: Lifecycle): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    lifecycle.requestStarted();
    reply.raw.once('close', () => lifecycle.requestEnded());
    void reply.header('x-request-id', request.id);
    // Shutting down: the caller's next request goes to another instance.
    if (lifecycle.draining) void reply.header('connection', 'close');
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const route = request.routeOptions.url ?? 'unmatched';
    const span = tracer.startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'http.route': route },
      },
      parent,
    );
    context.with(trace.setSpan(parent, span), () =>
      requestScope.run({ requestId: request.id }, () => {
        const resource = new AsyncResource('numlink.request');
        scopes.set(request, { resource, span });
        resource.runInAsyncScope(done);
      }),
    );
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    const scope = scopes.get(request);
    if (scope) scope.resource.runInAsyncScope(done);
    else done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const scope = scopes.get(request);
    if (scope) {
      scope.span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) scope.span.setStatus({ code: SpanStatusCode.ERROR });
      scope.span.end();
      scopes.delete(request);
    }
    done();
  });
}
