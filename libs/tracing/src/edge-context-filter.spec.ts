import { ROOT_CONTEXT, defaultTextMapGetter, propagation, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { EdgeContextFilter, callerSpanContext } from './edge-context-filter';
import { kafkaHeadersGetter } from './kafka/kafka-headers';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const w3c = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });
const filter = new EdgeContextFilter(w3c, new Set([kafkaHeadersGetter]));

describe('EdgeContextFilter (ITUNA_TRUST_INCOMING_TRACE_CONTEXT=false)', () => {
  it('ignores trace context and baggage read from HTTP headers', () => {
    const ctx = filter.extract(ROOT_CONTEXT, { traceparent: TRACEPARENT, baggage: 'tier=gold' }, defaultTextMapGetter);
    expect(trace.getSpanContext(ctx)).toBeUndefined();
    expect(propagation.getBaggage(ctx)).toBeUndefined();
  });

  it('still reads Kafka headers and injects as usual', () => {
    const ctx = filter.extract(ROOT_CONTEXT, { traceparent: Buffer.from(TRACEPARENT) }, kafkaHeadersGetter);
    expect(trace.getSpanContext(ctx)?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    const carrier: Record<string, string> = {};
    filter.inject(ctx, carrier, { set: (c, k, v) => (c[k] = v) });
    expect(carrier.traceparent).toBe(TRACEPARENT);
  });

  it("finds the caller's span context in a request, to keep as a link", () => {
    expect(callerSpanContext({ headers: { traceparent: TRACEPARENT } } as never)?.spanId).toBe('b7ad6b7169203331');
    expect(callerSpanContext({ headers: {} } as never)).toBeUndefined();
  });
});
