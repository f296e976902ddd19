import {
  ATTR_ITUNA_ORDER_CHANNEL,
  ATTR_ITUNA_ORDER_ID,
  ATTR_ITUNA_REJECTION_REASON,
  ATTR_ITUNA_SAMPLING_PERCENT,
  SPANS,
  TOPICS,
  sendSpanOf,
} from '@ituna/contracts';
import type { JaegerSpan, JaegerTrace } from './jaeger-model';
import { criticalPath } from './critical-path';
import type { SpanRow } from './span-row';

export type { SpanRow };

export interface QueueHop {
  topic: string;
  producerSpanId: string;
  consumerSpanId: string;
  /** Producer span end to consumer span start: the time the order waited in Kafka. */
  waitMs: number;
  /** Offset of the producer span's end, for drawing. */
  offsetMs: number;
}

export interface OrderTrace {
  traceId: string;
  orderId?: string;
  channel?: string;
  startUs: number;
  totalMs: number;
  outcome: 'ready' | 'rejected' | 'unfinished';
  rejectionReason?: string;
  rows: SpanRow[];
  hops: QueueHop[];
  /** The span ids that decided the end-to-end time, root first (see criticalPath). */
  criticalPath: string[];
  /** Set when Jaeger kept this trace under tail sampling: the share of ordinary traces it keeps. */
  samplingPercent?: number;
}

const tagOf = (span: JaegerSpan, key: string) => span.tags.find((t) => t.key === key)?.value;

/** The `service.instance.id` of the process that made the span (a resource attribute: a process tag in Jaeger). */
export function instanceOf(trace: JaegerTrace, span: JaegerSpan): string | undefined {
  const value = trace.processes[span.processID]?.tags?.find((t) => t.key === 'service.instance.id')?.value;
  return value === undefined ? undefined : String(value);
}

function errorOf(span: JaegerSpan): string | undefined {
  const failed = tagOf(span, 'error') === true || tagOf(span, 'otel.status_code') === 'ERROR';
  if (!failed) return undefined;
  const exception = span.logs.flatMap((l) => l.fields).find((f) => f.key === 'exception.message')?.value;
  return String(exception ?? tagOf(span, 'otel.status_description') ?? 'error');
}

/** Length of the union of intervals, each clipped to [from, to]. */
function covered(intervals: [number, number][], from: number, to: number): number {
  const clipped = intervals
    .map(([a, b]) => [Math.max(a, from), Math.min(b, to)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of clipped) {
    if (a > end) {
      total += b - a;
      end = b;
    } else if (b > end) {
      total += b - end;
      end = b;
    }
  }
  return total;
}

/** One order's trace as rows (start order, with depth and self time) and its Kafka hops. */
export function analyzeTrace(trace: JaegerTrace): OrderTrace {
  const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
  const parentOf = (s: JaegerSpan) => s.references.find((r) => r.traceID === s.traceID && byId.has(r.spanID))?.spanID;
  const children = new Map<string, JaegerSpan[]>();
  for (const s of trace.spans) {
    const p = parentOf(s);
    if (p) children.set(p, [...(children.get(p) ?? []), s]);
  }
  const startUs = Math.min(...trace.spans.map((s) => s.startTime));
  const endUs = Math.max(...trace.spans.map((s) => s.startTime + s.duration));

  const rows: SpanRow[] = [];
  const visit = (span: JaegerSpan, depth: number) => {
    const kids = (children.get(span.spanID) ?? []).sort((a, b) => a.startTime - b.startTime);
    const end = span.startTime + span.duration;
    const selfUs =
      span.duration -
      covered(
        kids.map((k) => [k.startTime, k.startTime + k.duration]),
        span.startTime,
        end,
      );
    rows.push({
      spanId: span.spanID,
      parentId: parentOf(span),
      service: trace.processes[span.processID]?.serviceName ?? '?',
      instance: instanceOf(trace, span),
      name: span.operationName,
      kind: String(tagOf(span, 'span.kind') ?? 'internal'),
      depth,
      offsetMs: (span.startTime - startUs) / 1000,
      durationMs: span.duration / 1000,
      selfMs: selfUs / 1000,
      error: errorOf(span),
    });
    kids.forEach((k) => visit(k, depth + 1));
  };
  trace.spans
    .filter((s) => !parentOf(s))
    .sort((a, b) => a.startTime - b.startTime)
    .forEach((root) => visit(root, 0));

  const hops: QueueHop[] = [];
  for (const consumer of trace.spans) {
    if (tagOf(consumer, 'span.kind') !== 'consumer') continue;
    const producer = byId.get(parentOf(consumer) ?? '');
    if (!producer || tagOf(producer, 'span.kind') !== 'producer') continue;
    const producerEnd = producer.startTime + producer.duration;
    hops.push({
      topic: String(tagOf(consumer, 'messaging.destination.name') ?? consumer.operationName.replace(/^process /, '')),
      producerSpanId: producer.spanID,
      consumerSpanId: consumer.spanID,
      waitMs: Math.max(0, consumer.startTime - producerEnd) / 1000,
      offsetMs: (producerEnd - startUs) / 1000,
    });
  }

  const find = (name: string) => trace.spans.find((s) => s.operationName === name);
  const place = find(SPANS.placeOrder);
  const rejected = find(sendSpanOf(TOPICS.rejected));
  const validate = find(SPANS.validateOrder);
  return {
    traceId: trace.traceID,
    orderId:
      String(
        tagOf(place ?? trace.spans[0], ATTR_ITUNA_ORDER_ID) ??
          trace.spans.map((s) => tagOf(s, ATTR_ITUNA_ORDER_ID)).find(Boolean) ??
          '',
      ) || undefined,
    channel: place ? String(tagOf(place, ATTR_ITUNA_ORDER_CHANNEL) ?? '') || undefined : undefined,
    startUs,
    totalMs: (endUs - startUs) / 1000,
    outcome: find(sendSpanOf(TOPICS.ready)) ? 'ready' : rejected ? 'rejected' : 'unfinished',
    rejectionReason:
      rejected && validate ? String(tagOf(validate, ATTR_ITUNA_REJECTION_REASON) ?? '') || undefined : undefined,
    rows,
    hops,
    criticalPath: criticalPath(rows),
    ...samplingOf(trace),
  };
}

/** The tail sampler's stamp on the spans it kept (ATTR_ITUNA_SAMPLING_PERCENT), when there is one. */
function samplingOf(trace: JaegerTrace): { samplingPercent?: number } {
  const stamp = trace.spans.map((s) => tagOf(s, ATTR_ITUNA_SAMPLING_PERCENT)).find((v) => v !== undefined);
  const percent = Number(stamp);
  return stamp === undefined || !Number.isFinite(percent) ? {} : { samplingPercent: percent };
}
