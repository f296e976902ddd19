import 'reflect-metadata';
import { SpanKind, context, propagation, trace, ROOT_CONTEXT, propagation as prop } from '@opentelemetry/api';
import { NestFactory } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { KafkaContext } from '@nestjs/microservices';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { Observable, defer, delay, from, lastValueFrom, of } from 'rxjs';
import { useInMemoryTracing } from '../testing/in-memory-tracing';
import { TracingModule } from '../tracing.module';
import { emitTraced, KafkaEmitter, KafkaEnvelope } from './emit-traced';
import { KafkaTracingInterceptor } from './kafka-tracing.interceptor';
import { KafkaHeaders } from './kafka-headers';
import { isKafkajsInstrumented } from './kafkajs-instrumentation';

const { spans, provider } = useInMemoryTracing();

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function kafkaExecutionContext(
  headers: KafkaHeaders,
  { key = 'order-1' as string | null, topic = 'ituna-orders' } = {},
) {
  const message = { key, value: '{}', offset: '42', timestamp: '0', size: 0, attributes: 0, headers };
  const kafkaCtx = new KafkaContext([message as never, 2, topic, {} as never, async () => undefined, {} as never]);
  const host = new ExecutionContextHost([{}, kafkaCtx]);
  host.setType('rpc');
  return host;
}

/** A handler that does async work and reports which span was active while it ran. */
function handler(work = 20) {
  const seen: { activeSpanId?: string } = {};
  return {
    seen,
    next: {
      handle: () =>
        defer(async () => {
          await new Promise((r) => setTimeout(r, work));
          seen.activeSpanId = trace.getActiveSpan()?.spanContext().spanId;
          return 'done';
        }),
    },
  };
}

/** A ClientKafka stand-in that records what would be sent and acknowledges like kafkajs. */
function recordingEmitter() {
  const sent: { topic: string; envelope: KafkaEnvelope }[] = [];
  const emitter: KafkaEmitter = {
    emit: <T>(topic: string, envelope: unknown) => {
      sent.push({ topic, envelope: envelope as KafkaEnvelope });
      return of([{ topicName: topic, partition: 1, errorCode: 0, baseOffset: '7' }]).pipe(
        delay(5),
      ) as unknown as Observable<T>;
    },
  };
  return { sent, emitter };
}

describe('KafkaTracingInterceptor (instrumentation-kafkajs off)', () => {
  const interceptor = new KafkaTracingInterceptor({ consumerGroup: 'order-validation-server' });

  it('makes one CONSUMER span "process <topic>" parented on and linked to the producer context', async () => {
    const { seen, next } = handler();
    await lastValueFrom(interceptor.intercept(kafkaExecutionContext({ traceparent: Buffer.from(TRACEPARENT) }), next));
    expect(spans()).toHaveLength(1);
    const [span] = spans();
    expect(span.name).toBe('process ituna-orders');
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(span.links.map((l) => l.context.spanId)).toEqual(['b7ad6b7169203331']);
    expect(seen.activeSpanId).toBe(span.spanContext().spanId);
  });

  it('sets the messaging attributes, the consumer group as Kafka sees it and the key', async () => {
    await lastValueFrom(interceptor.intercept(kafkaExecutionContext({ traceparent: TRACEPARENT }), handler().next));
    expect(spans()[0].attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'ituna-orders',
      'messaging.operation.name': 'process',
      'messaging.operation.type': 'process',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 42,
      'messaging.kafka.message.key': 'order-1',
      'messaging.consumer.group.name': 'order-validation-server',
    });
  });

  it('leaves out the key attribute when the key is null', async () => {
    await lastValueFrom(interceptor.intercept(kafkaExecutionContext({}, { key: null }), handler().next));
    expect(spans()[0].attributes).not.toHaveProperty('messaging.kafka.message.key');
  });

  it('ends the span when the handler work ends, not when it is subscribed', async () => {
    await lastValueFrom(interceptor.intercept(kafkaExecutionContext({}), handler(40).next));
    const [span] = spans();
    expect(span.duration[0] * 1e3 + span.duration[1] / 1e6).toBeGreaterThanOrEqual(35);
  });

  it.each([
    ['missing', {}],
    ['malformed', { traceparent: 'not-a-traceparent' }],
    ['all-zero', { traceparent: '00-00000000000000000000000000000000-0000000000000000-01' }],
    ['oversized', { traceparent: `00-${'a'.repeat(5000)}-b7ad6b7169203331-01` }],
  ])('starts a new root trace without throwing when traceparent is %s', async (_, headers) => {
    await lastValueFrom(interceptor.intercept(kafkaExecutionContext(headers as KafkaHeaders), handler().next));
    const [span] = spans();
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links).toEqual([]);
  });

  it('passes non-Kafka contexts through untouched', async () => {
    const http = new ExecutionContextHost([{}, {}]);
    http.setType('http');
    const next = { handle: () => of('http') };
    await expect(lastValueFrom(interceptor.intercept(http, next))).resolves.toBe('http');
    expect(spans()).toHaveLength(0);
  });

  it('records a handler error on the span and passes it on', async () => {
    const next = { handle: () => defer(async () => Promise.reject(new Error('bad order'))) };
    await expect(lastValueFrom(interceptor.intercept(kafkaExecutionContext({}), next))).rejects.toThrow('bad order');
    expect(spans()[0].status.code).toBe(2);
    expect(spans()[0].events[0].name).toBe('exception');
  });
});

describe('emitTraced (instrumentation-kafkajs off)', () => {
  it('makes one PRODUCER span "send <topic>" and injects traceparent, tracestate and baggage', async () => {
    const { sent, emitter } = recordingEmitter();
    const parent = trace.getTracer('test').startSpan('place-order');
    const withBaggage = propagation.setBaggage(
      trace.setSpan(context.active(), parent),
      propagation.createBaggage({ 'ituna.channel': { value: 'website' } }),
    );
    await context.with(withBaggage, () =>
      emitTraced(
        emitter,
        'ituna-orders',
        { key: 'order-9', value: { orderId: 'order-9' } },
        { attributes: { 'ituna.order.id': 'order-9' } },
      ),
    );
    parent.end();

    const producer = spans().filter((s) => s.kind === SpanKind.PRODUCER);
    expect(producer).toHaveLength(1);
    expect(producer[0].name).toBe('send ituna-orders');
    expect(producer[0].parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(producer[0].attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'ituna-orders',
      'messaging.operation.name': 'send',
      'messaging.operation.type': 'send',
      'messaging.kafka.message.key': 'order-9',
      'messaging.destination.partition.id': '1',
      'messaging.kafka.offset': 7,
      'ituna.order.id': 'order-9',
    });
    const headers = sent[0].envelope.headers as Record<string, string>;
    expect(headers.traceparent).toBe(`00-${producer[0].spanContext().traceId}-${producer[0].spanContext().spanId}-01`);
    expect(headers.baggage).toBe('ituna.channel=website');
    expect(sent[0].envelope.key).toBe('order-9');
  });

  it('round-trips: inject then extract gives the same trace with the producer span as parent', async () => {
    const { sent, emitter } = recordingEmitter();
    await emitTraced(emitter, 'kitchen-orders', { key: 'o', value: {} });
    const headers = sent[0].envelope.headers as KafkaHeaders;
    // Kafka hands the consumer Buffers.
    const asBuffers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(String(v))]));
    await lastValueFrom(
      new KafkaTracingInterceptor().intercept(
        kafkaExecutionContext(asBuffers, { topic: 'kitchen-orders' }),
        handler().next,
      ),
    );
    const producer = spans().find((s) => s.kind === SpanKind.PRODUCER)!;
    const consumer = spans().find((s) => s.kind === SpanKind.CONSUMER)!;
    expect(consumer.spanContext().traceId).toBe(producer.spanContext().traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
  });

  it("carries the caller's tracestate on", async () => {
    const { sent, emitter } = recordingEmitter();
    const upstream = propagation.extract(ROOT_CONTEXT, { traceparent: TRACEPARENT, tracestate: 'ituna=abc' });
    await context.with(upstream, () => emitTraced(emitter, 'kitchen-orders', { key: 'o', value: {} }));
    expect((sent[0].envelope.headers as Record<string, string>).tracestate).toBe('ituna=abc');
  });

  it('records a failed write on the span and rejects', async () => {
    const failing: KafkaEmitter = { emit: () => from(Promise.reject(new Error('broker down'))) as never };
    await expect(emitTraced(failing, 'ituna-orders', { key: 'x', value: {} })).rejects.toThrow('broker down');
    expect(spans()[0].status.code).toBe(2);
  });
});

describe('with instrumentation-kafkajs on', () => {
  // jest has its own module registry, so the require hook cannot see kafkajs; apply the
  // instrumentation's own patch to the module jest loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const kafkajs = require('kafkajs');
  const instrumentation = new KafkaJsInstrumentation({ enabled: false });

  beforeAll(() => {
    instrumentation.setTracerProvider(provider);
    const [definition] = instrumentation.getModuleDefinitions();
    definition.patch!(kafkajs, '2.2.4');
  });
  afterAll(() => {
    const [definition] = instrumentation.getModuleDefinitions();
    definition.unpatch!(kafkajs, '2.2.4');
  });

  const client = () =>
    new kafkajs.Kafka({
      clientId: 't',
      brokers: ['127.0.0.1:1'],
      logLevel: kafkajs.logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 100,
    });

  it('is detected', () => {
    expect(isKafkajsInstrumented()).toBe(true);
  });

  it('leaves the one consumer span to the instrumentation and enriches it', async () => {
    const consumer = client().consumer({ groupId: 'g' });
    const seen: { spanId?: string } = {};
    const config = {
      eachMessage: async (payload: { topic: string; partition: number; message: Record<string, unknown> }) => {
        // Inside the instrumentation's span, as Nest's ServerKafka would call the interceptor.
        const ctx = kafkaExecutionContext(payload.message.headers as KafkaHeaders);
        await lastValueFrom(
          new KafkaTracingInterceptor({ consumerGroup: 'g-server' }).intercept(ctx, {
            handle: () => defer(async () => (seen.spanId = trace.getActiveSpan()?.spanContext().spanId)),
          }),
        );
      },
    };
    // run() wraps eachMessage in place; the runner's connection failure does not matter here.
    await consumer.run(config).catch(() => undefined);
    await config.eachMessage({
      topic: 'ituna-orders',
      partition: 2,
      message: {
        key: Buffer.from('order-1'),
        value: Buffer.from('{}'),
        offset: '42',
        headers: { traceparent: Buffer.from(TRACEPARENT) },
      },
    });
    await consumer.disconnect();

    const consumerSpans = spans().filter((s) => s.kind === SpanKind.CONSUMER);
    expect(consumerSpans).toHaveLength(1);
    expect(consumerSpans[0].name).toBe('process ituna-orders');
    expect(consumerSpans[0].parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(consumerSpans[0].attributes['messaging.consumer.group.name']).toBe('g-server');
    expect(consumerSpans[0].links.map((l) => l.context.spanId)).toEqual(['b7ad6b7169203331']);
    expect(seen.spanId).toBe(consumerSpans[0].spanContext().spanId);
  });

  it('leaves the one producer span to the instrumentation', async () => {
    const producer = client().producer();
    const emitter: KafkaEmitter = {
      emit: (topic, envelope) => from(producer.send({ topic, messages: [envelope] })) as never,
    };
    await expect(emitTraced(emitter, 'ituna-orders', { key: 'order-1', value: '{}' })).rejects.toThrow();
    const producerSpans = spans().filter((s) => s.kind === SpanKind.PRODUCER);
    expect(producerSpans).toHaveLength(1);
    expect(producerSpans[0].name).toBe('send ituna-orders');
  });
});

describe('header extraction', () => {
  it('reads Buffer and string values alike', () => {
    for (const value of [TRACEPARENT, Buffer.from(TRACEPARENT), [Buffer.from(TRACEPARENT)]]) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { kafkaHeadersGetter } = require('./kafka-headers');
      const ctx = prop.extract(ROOT_CONTEXT, { traceparent: value }, kafkaHeadersGetter);
      expect(trace.getSpanContext(ctx)?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    }
  });
});

describe('KafkaTracingInterceptor provided by TracingModule', () => {
  const groupOfConsumerSpan = async (module: Parameters<typeof NestFactory.createApplicationContext>[0]) => {
    const app = await NestFactory.createApplicationContext(module, { logger: false });
    try {
      await lastValueFrom(
        app
          .get(KafkaTracingInterceptor)
          .intercept(kafkaExecutionContext({ traceparent: TRACEPARENT }), handler(1).next),
      );
      return spans().at(-1)?.attributes['messaging.consumer.group.name'];
    } finally {
      await app.close();
    }
  };

  it('forRoot hands the interceptor its consumer group', async () => {
    expect(await groupOfConsumerSpan(TracingModule.forRoot({ consumerGroup: 'kitchen-service-server' }))).toBe(
      'kitchen-service-server',
    );
  });

  it('imported as is, gives an interceptor that records no group', async () => {
    expect(await groupOfConsumerSpan(TracingModule)).toBeUndefined();
  });
});
