import type { ErrorHandler } from '@opentelemetry/core';

/**
 * An OpenTelemetry global error handler that reports at most one line per interval: an unreachable
 * collector fails every export, and a log line per batch would flood the service's output.
 */
export function throttledErrorHandler(log: (message: string) => void, intervalMs = 60_000, now: () => number = Date.now): ErrorHandler {
  let lastReport = -Infinity;
  let suppressed = 0;
  return (error) => {
    const t = now();
    if (t - lastReport < intervalMs) {
      suppressed++;
      return;
    }
    const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
    const more = suppressed ? ` (${suppressed} similar errors since the last report)` : '';
    log(`OpenTelemetry: ${detail}${more}; spans are dropped while this lasts, the service is unaffected. Next report in ${Math.round(intervalMs / 1000)}s at the earliest.`);
    lastReport = t;
    suppressed = 0;
  };
}
