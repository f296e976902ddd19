import { getNumberFromEnv } from '@opentelemetry/core';
import type { BatchOptions } from './types';

/**
 * The batch span processor's settings: the specification's OTEL_BSP_* variables first, then the
 * code's options, then these defaults. The queue holds 16384 spans, eight times the SDK's default of 2048:
 * at 4096 a burst of 2000 orders dropped 10% of its spans (the bench's `spans never exported`),
 * at 16384 none, for 0.02 ms more CPU per order. It stays bounded: when the collector is away,
 * spans beyond it are dropped and counted, never buffered without end.
 */
export function batchSettings(options: BatchOptions = {}): Required<BatchOptions> {
  return {
    maxQueueSize: getNumberFromEnv('OTEL_BSP_MAX_QUEUE_SIZE') ?? options.maxQueueSize ?? 16_384,
    maxExportBatchSize: getNumberFromEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE') ?? options.maxExportBatchSize ?? 512,
    scheduledDelayMillis: getNumberFromEnv('OTEL_BSP_SCHEDULE_DELAY') ?? options.scheduledDelayMillis ?? 1000,
    exportTimeoutMillis: getNumberFromEnv('OTEL_BSP_EXPORT_TIMEOUT') ?? options.exportTimeoutMillis ?? 10_000,
  };
}
