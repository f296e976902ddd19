import type { SpanCounter } from './span-counter';

/**
 * Says once a minute, when spans were dropped in it, how many a full export queue dropped: a
 * collector slower than the services loses spans, and the log is where an operator hears of it.
 */
export function reportSpanDrops(counter: SpanCounter, log: (message: string) => void, everyMs = 60_000): () => void {
  let reported = counter.dropped;
  const timer = setInterval(() => {
    const dropped = counter.dropped - reported;
    reported = counter.dropped;
    if (dropped > 0)
      log(
        `OpenTelemetry: ${dropped} span(s) dropped in the last ${Math.round(everyMs / 1000)} s, the export queue full (OTEL_BSP_MAX_QUEUE_SIZE); ${counter.dropped} since start`,
      );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
