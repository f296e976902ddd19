import { createNoopMeter, type Attributes, type Counter, type MeterProvider } from '@opentelemetry/api';

/** The batch processor's own metric (OpenTelemetry's SDK self-observability semantic conventions). */
const SPANS_PROCESSED = 'otel.sdk.processor.span.processed';
const QUEUE_FULL = 'queue_full';

/**
 * A meter provider for the batch processor's `selfObsMeterProvider` that hears one thing: the
 * spans a full queue dropped (`error.type=queue_full`). The SDK counts them there and nowhere we
 * can read, and only says so in a diag message once the queue takes a span again.
 */
export function queueDropMeterProvider(onDropped: (spans: number) => void): MeterProvider {
  const noop = createNoopMeter();
  const meter = Object.assign(Object.create(noop), {
    createCounter(name: string, options?: object): Counter {
      if (name !== SPANS_PROCESSED) return noop.createCounter(name, options);
      return {
        add(value: number, attributes?: Attributes) {
          if (attributes?.['error.type'] === QUEUE_FULL) onDropped(value);
        },
      };
    },
  });
  return { getMeter: () => meter };
}
