import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { kafkaBrokersFrom } from '@ituna/contracts';
import { serviceOf, tag, waitForTrace } from '../support/jaeger';

const brokers = kafkaBrokersFrom();

describe('the stack (real Kafka, real Jaeger)', () => {
  it('carries a message with its headers through the broker', async () => {
    const kafka = new Kafka({ clientId: 'stack-smoke', brokers, logLevel: logLevel.NOTHING });
    const topic = `smoke-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: `smoke-${randomUUID()}` });
    try {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<{ value: string; header: string }>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) =>
            resolve({ value: message.value!.toString(), header: message.headers!['traceparent']!.toString() }),
        });
      });
      const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'hello', headers: { traceparent } }] });
      await expect(received).resolves.toEqual({ value: 'hello', header: traceparent });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });

  it('accepts a span over OTLP gRPC and serves it back from the query API', async () => {
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'stack-smoke' }),
      spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
    });
    const span = provider.getTracer('stack-smoke').startSpan('smoke-span', { attributes: { 'smoke.run': 'yes' } });
    const traceId = span.spanContext().traceId;
    span.end();
    await provider.forceFlush();
    await provider.shutdown();

    const found = await waitForTrace(traceId, { has: ['smoke-span'] });
    expect(found.spans).toHaveLength(1);
    expect(found.spans[0].operationName).toBe('smoke-span');
    expect(tag(found.spans[0], 'smoke.run')).toBe('yes');
    expect(serviceOf(found, found.spans[0])).toBe('stack-smoke');
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
