import { batchSettings } from './batch-settings';

describe('batchSettings', () => {
  const names = [
    'OTEL_BSP_MAX_QUEUE_SIZE',
    'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
    'OTEL_BSP_SCHEDULE_DELAY',
    'OTEL_BSP_EXPORT_TIMEOUT',
  ];
  afterEach(() => names.forEach((name) => delete process.env[name]));

  it('defaults to a queue of 16384 spans, batches of 512 every second, 10 s per export', () => {
    expect(batchSettings()).toEqual({
      maxQueueSize: 16_384,
      maxExportBatchSize: 512,
      scheduledDelayMillis: 1000,
      exportTimeoutMillis: 10_000,
    });
  });

  it("takes the code's options over the defaults", () => {
    expect(batchSettings({ maxQueueSize: 100, scheduledDelayMillis: 60_000 })).toEqual({
      maxQueueSize: 100,
      maxExportBatchSize: 512,
      scheduledDelayMillis: 60_000,
      exportTimeoutMillis: 10_000,
    });
  });

  it('takes the OTEL_BSP_* variables over the options', () => {
    Object.assign(process.env, {
      OTEL_BSP_MAX_QUEUE_SIZE: '2048',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '256',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_BSP_EXPORT_TIMEOUT: '5000',
    });
    expect(batchSettings({ maxQueueSize: 100, maxExportBatchSize: 50 })).toEqual({
      maxQueueSize: 2048,
      maxExportBatchSize: 256,
      scheduledDelayMillis: 200,
      exportTimeoutMillis: 5000,
    });
  });
});
