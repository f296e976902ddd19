import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ReadableSpan } from '@opentelemetry/sdk-trace';
import { useInMemoryTracing } from '../testing/in-memory-tracing';
import { TRACER_NAME } from '../tracer';
import { processTraced } from './process-traced';

const { spans } = useInMemoryTracing();

const batch = { topic: 'parcels', partition: 3 };
const traceIds = [
  '0af7651916cd43dd8448eb211c80319c',
  '1bf7651916cd43dd8448eb211c80319c',
  '2cf7651916cd43dd8448eb211c80319c',
];
const producerSpanId = (i: number) => `b7ad6b716920333${i}`;
const messages = traceIds.map((traceId, i) => ({
  key: `parcel-${i}`,
  value: Buffer.from('{}'),
  offset: String(10 + i),
  headers: { traceparent: Buffer.from(`00-${traceId}-${producerSpanId(i)}-01`) },
}));

const CLOCK_STEP_MS = 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (t: [number, number]) => t[0] * 1e3 + t[1] / 1e6;
const byName = (name: string) => spans().filter((s) => s.name === name);

/** The handler of one message: some work, a child span, and the span it ran under. */
async function handle(work: number): Promise<string | undefined> {
  await sleep(work);
  trace.getTracer(TRACER_NAME).startActiveSpan('handle', (span) => span.end());
  return trace.getActiveSpan()?.spanContext().spanId;
}

describe('processTraced (kafkajs eachBatch)', () => {
  it('gives each message of a batch its own CONSUMER span in its producer trace, with its own timing', async () => {
    const activeIds: (string | undefined)[] = [];
    // What an eachBatch handler does: one message after the other.
    for (const message of messages) activeIds.push(await processTraced(batch, message, () => handle(30)));

    const consumers = byName('process parcels');
    expect(consumers).toHaveLength(3);
    consumers.forEach((span, i) => {
      expect(span.kind).toBe(SpanKind.CONSUMER);
      expect(span.spanContext().traceId).toBe(traceIds[i]);
      expect(span.parentSpanContext?.spanId).toBe(producerSpanId(i));
      expect(span.links.map((l) => l.context.spanId)).toEqual([producerSpanId(i)]);
      expect(activeIds[i]).toBe(span.spanContext().spanId);
      expect(ms(span.duration)).toBeGreaterThanOrEqual(29);
    });
    // Each span starts when its message's turn comes, not when the batch arrived. (The SDK anchors
    // a span's start on Date.now(), whole milliseconds, and measures its duration finer: allow 1 ms.)
    for (let i = 1; i < 3; i++) {
      expect(ms(consumers[i].startTime)).toBeGreaterThanOrEqual(ms(consumers[i - 1].endTime) - CLOCK_STEP_MS);
    }
    // The handler's spans sit under their message's consumer span.
    const handlers = byName('handle');
    expect(handlers.map((s) => s.parentSpanContext?.spanId)).toEqual(consumers.map((s) => s.spanContext().spanId));
    expect(handlers.map((s) => s.spanContext().traceId)).toEqual(traceIds);
  });

  it('keeps the messages apart when a batch is processed concurrently', async () => {
    const activeIds = await Promise.all(messages.map((m, i) => processTraced(batch, m, () => handle(40 - i * 15))));
    const consumers = new Map<string, ReadableSpan>(byName('process parcels').map((s) => [s.spanContext().traceId, s]));
    traceIds.forEach((traceId, i) => {
      const span = consumers.get(traceId)!;
      expect(activeIds[i]).toBe(span.spanContext().spanId);
      const child = byName('handle').find((s) => s.spanContext().traceId === traceId)!;
      expect(child.parentSpanContext?.spanId).toBe(span.spanContext().spanId);
    });
    // The last message's work was the shortest: its span ended first, as its work did.
    expect(ms(consumers.get(traceIds[2])!.duration)).toBeLessThan(ms(consumers.get(traceIds[0])!.duration));
  });

  it('sets the messaging attributes of the message and the group', async () => {
    await processTraced(batch, messages[1], () => undefined, { consumerGroup: 'parcels-server' });
    expect(spans()[0].attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'parcels',
      'messaging.operation.name': 'process',
      'messaging.operation.type': 'process',
      'messaging.destination.partition.id': '3',
      'messaging.kafka.offset': 11,
      'messaging.kafka.message.key': 'parcel-1',
      'messaging.consumer.group.name': 'parcels-server',
    });
  });

  it('records a rejected or thrown error on the span and passes it on unchanged', async () => {
    const rejected = new Error('no such parcel');
    await expect(processTraced(batch, messages[0], () => Promise.reject(rejected))).rejects.toBe(rejected);
    const thrown = new TypeError('bad parcel');
    await expect(
      processTraced(batch, messages[1], () => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    const [first, second] = spans();
    expect(first.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no such parcel' });
    expect(second.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad parcel' });
    expect(second.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('starts a new trace for a message whose headers carry no context', async () => {
    await processTraced(batch, { key: null, offset: '0', headers: {} }, () => undefined);
    const [span] = spans();
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links).toEqual([]);
    expect(traceIds).not.toContain(span.spanContext().traceId);
  });
});
