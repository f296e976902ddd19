import type { SpanCounts } from './types';

/**
 * What became of the spans handed to the batch processors: ended (and sampled), exported, refused
 * by the collector or failed on the way, dropped by a full queue. The rest are still queued: after
 * shutdown, `notExported` is dropped plus failed.
 */
export class SpanCounter {
  ended = 0;
  exported = 0;
  failedExport = 0;
  dropped = 0;

  snapshot(): SpanCounts {
    return {
      ended: this.ended,
      exported: this.exported,
      failedExport: this.failedExport,
      dropped: this.dropped,
      notExported: this.ended - this.exported - this.failedExport,
    };
  }
}
