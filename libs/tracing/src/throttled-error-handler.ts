import type { ErrorHandler } from '@opentelemetry/core';

/**
 * An OpenTelemetry global error handler that reports at most one line per interval: an unreachable
 * collector fails every export, and a log line per batch would flood the service's output. While
 * the errors go on, the wait doubles with each report (up to `maxIntervalMs`): a collector away for
 * minutes (a first Jaeger build) is reported a few times, not once a minute. After a whole wait
 * without errors the trouble is over, and the next one is reported at once. An error may come
 * from any part of the SDK, so the line says what was really lost: the spans whose export failed.
 */
export interface ThrottleOptions {
  intervalMs?: number;
  maxIntervalMs?: number;
  now?: () => number;
  /** The spans whose export failed so far, named in each report. */
  spansFailed?: () => number;
}

export function throttledErrorHandler(
  log: (message: string) => void,
  { intervalMs = 60_000, now = Date.now, maxIntervalMs = 16 * intervalMs, spansFailed = () => 0 }: ThrottleOptions = {},
): ErrorHandler {
  let lastReport = -Infinity;
  let lastError = -Infinity;
  let wait = intervalMs;
  let suppressed = 0;
  return (error) => {
    const t = now();
    const fresh = t - lastError >= wait;
    lastError = t;
    if (fresh) wait = intervalMs;
    else if (t - lastReport < wait) {
      suppressed++;
      return;
    } else wait = Math.min(wait * 2, maxIntervalMs);
    const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
    const more = suppressed ? ` (${suppressed} similar errors since the last report)` : '';
    log(
      `OpenTelemetry: ${detail}${more}; ${spansFailed()} spans failed to export so far and were dropped, the service is unaffected. Next report in ${Math.round(wait / 1000)}s at the earliest.`,
    );
    lastReport = t;
    suppressed = 0;
  };
}
