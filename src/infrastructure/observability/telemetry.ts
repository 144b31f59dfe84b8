import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

type Env = Readonly<Record<string, string | undefined>>;

/** A started OpenTelemetry SDK: `shutdown` exports the spans still buffered. */
export interface Tracing {
  shutdown(): Promise<void>;
}

let contextInstalled = false;

/**
 * W3C trace context without an SDK: an incoming `traceparent` still reaches the events' envelopes and
 * the Kafka headers, so a tracing system downstream can join them. Idempotent; an SDK started before
 * keeps its own context manager and propagator.
 */
export function ensureTraceContext(): void {
  if (contextInstalled) return;
  contextInstalled = true;
  const manager = new AsyncLocalStorageContextManager();
  if (context.setGlobalContextManager(manager)) manager.enable();
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

/** Tracing is on when the standard OTEL_* variables ask for an exporter (and the SDK is not disabled). */
export function tracingRequested(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim();
  if (exporter) return exporter !== 'none';
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/**
 * Starts the OpenTelemetry Node SDK (`OTEL_*` variables: exporter, endpoint, protocol, sampler,
 * resource) before anything else, when asked; otherwise only the trace context. No automatic
 * instrumentation: numlink makes its own spans (HTTP server, commands, appends, reactions).
 */
export async function startTracing(env: Env = process.env): Promise<Tracing | undefined> {
  if (!tracingRequested(env)) {
    ensureTraceContext();
    return undefined;
  }
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({ serviceName: env.OTEL_SERVICE_NAME?.trim() || 'numlink', instrumentations: [] });
  sdk.start();
  contextInstalled = true;
  return sdk;
}
