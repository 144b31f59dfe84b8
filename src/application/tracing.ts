import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

const tracer = trace.getTracer('numlink');

/**
 * Runs `work` in an OpenTelemetry span, a child of the active one. Without a configured SDK the API
 * is a no-op, so this costs next to nothing. Attributes never carry personal data: only counts, types
 * and ids.
 */
export async function traced<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return inSpan(tracer.startSpan(name, { attributes }), context.active(), work);
}

/**
 * Runs a reaction to a stored event in a span that continues the trace the event was written in (its
 * envelope's `traceparent`), so an SMS or a follow-up append joins the HTTP request that caused it.
 */
export async function tracedReaction<T>(
  name: string,
  stored: { readonly traceparent?: string },
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  const parent = storedTraceContext(stored);
  return inSpan(tracer.startSpan(name, { attributes, kind: SpanKind.CONSUMER }, parent), parent, work);
}

/** A producer span per message, continuing the stored trace; the message carries its `traceparent`. */
export function startProducerSpan(
  name: string,
  stored: { readonly traceparent?: string },
  attributes: Attributes,
): { readonly span: Span; readonly traceparent: string | undefined } {
  const parent = storedTraceContext(stored);
  const span = tracer.startSpan(name, { attributes, kind: SpanKind.PRODUCER }, parent);
  return { span, traceparent: traceparentOf(trace.setSpan(parent, span)) };
}

/** The W3C `traceparent` of the active span, kept in the envelope of the events written under it. */
export function currentTraceparent(): string | undefined {
  return traceparentOf(context.active());
}

function traceparentOf(ctx: Context): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

function storedTraceContext(stored: { readonly traceparent?: string }): Context {
  return stored.traceparent === undefined
    ? ROOT_CONTEXT
    : propagation.extract(ROOT_CONTEXT, { traceparent: stored.traceparent });
}

async function inSpan<T>(span: Span, parent: Context, work: () => Promise<T>): Promise<T> {
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}
