import type { SpanCounts } from './types';

/**
 * What became of the spans handed to the batch processors: ended (and sampled), exported, refused
 * by the collector or failed on the way. The rest were dropped by a full queue, or are still
 * queued until the next flush: after shutdown, `dropped` is exact.
 */
export class SpanCounter {
  ended = 0;
  exported = 0;
  failedExport = 0;

  snapshot(): SpanCounts {
    return {
      ended: this.ended,
      exported: this.exported,
      failedExport: this.failedExport,
      notExported: this.ended - this.exported - this.failedExport,
    };
  }
}
