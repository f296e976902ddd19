import {
  Context,
  ROOT_CONTEXT,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
  defaultTextMapGetter,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { IncomingMessage } from 'node:http';

/**
 * A propagator that injects as usual but extracts only from carriers read with a trusted getter
 * (the Kafka headers getter): trace context and baggage that arrive over HTTP from outside are
 * ignored, so a caller cannot choose our trace ids, sampling or baggage.
 */
export class EdgeContextFilter implements TextMapPropagator {
  constructor(
    private readonly inner: TextMapPropagator,
    private readonly trustedGetters: ReadonlySet<TextMapGetter<never>>,
  ) {}

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    this.inner.inject(context, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return this.trustedGetters.has(getter) ? this.inner.extract(context, carrier, getter) : context;
  }

  fields(): string[] {
    return this.inner.fields();
  }
}

const w3c = new W3CTraceContextPropagator();

/** The caller's span context from an incoming request's traceparent, to keep as a link. */
export function callerSpanContext(request: IncomingMessage) {
  return trace.getSpanContext(w3c.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter));
}
