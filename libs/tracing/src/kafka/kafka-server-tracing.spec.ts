import 'reflect-metadata';
import { Controller, Module, UseInterceptors, type INestApplication, type INestMicroservice } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { EventPattern, ServerKafka, Transport } from '@nestjs/microservices';
import { SpanKind, trace } from '@opentelemetry/api';
import { ReplaySubject, config as rxjsConfig } from 'rxjs';
import { useInMemoryTracing } from '../testing/in-memory-tracing';
import { TracingModule } from '../tracing.module';
import { KafkaServerTracing } from './kafka-server-tracing';
import { KafkaTracingInterceptor } from './kafka-tracing.interceptor';

const { spans } = useInMemoryTracing();

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;
const TOPIC = 'newcomer-orders';

/** What the handlers saw: the trace they ran in, per call. */
const seen: string[] = [];

@Controller()
class OrdersController {
  @EventPattern(TOPIC)
  async handle(data: { fail?: boolean }) {
    await new Promise((r) => setTimeout(r, 5));
    seen.push(trace.getActiveSpan()?.spanContext().traceId ?? 'none');
    if (data.fail) throw new Error('the fish ran out');
  }
}

@Controller()
@UseInterceptors(KafkaTracingInterceptor)
class InterceptedController extends OrdersController {}

/** Nest's own Kafka server, never connected: messages are handed to handleMessage as kafkajs would. */
const server = () => new ServerKafka({ client: { brokers: ['127.0.0.1:1'] }, subscribe: { fromBeginning: true } });

async function deliver(target: ServerKafka, value: object) {
  // A handler's failure reaches kafkajs as a rejection (Nest's RpcException); the span is what is checked here.
  await (target as unknown as { handleMessage(payload: unknown): Promise<unknown> })
    .handleMessage({
      topic: TOPIC,
      partition: 0,
      message: {
        key: Buffer.from('o-1'),
        value: Buffer.from(JSON.stringify(value)),
        offset: '7',
        timestamp: '0',
        size: 0,
        attributes: 0,
        headers: { traceparent: Buffer.from(TRACEPARENT) },
      },
      heartbeat: async () => undefined,
    })
    .catch(() => undefined);
}

const processSpans = () => spans().filter((s) => s.kind === SpanKind.CONSUMER && s.name === `process ${TOPIC}`);

type Layout = (strategy: ServerKafka) => Promise<INestApplication | INestMicroservice>;

function moduleWith(controllers: unknown[], providers: unknown[] = []) {
  @Module({ imports: [TracingModule.forRoot({ consumerGroup: 'shop-server' })], controllers, providers } as never)
  class AppModule {}
  return AppModule;
}

const hybrid =
  (inheritAppConfig: boolean, register: 'before' | 'after' | 'none', controller = OrdersController): Layout =>
  async (strategy) => {
    const app = await NestFactory.create(moduleWith([controller]), { logger: false });
    if (register === 'before') app.useGlobalInterceptors(app.get(KafkaTracingInterceptor));
    app.connectMicroservice({ strategy }, { inheritAppConfig });
    if (register === 'after') app.useGlobalInterceptors(app.get(KafkaTracingInterceptor));
    await app.init();
    return app;
  };

const LAYOUTS: [string, Layout][] = [
  [
    'a Kafka microservice (createMicroservice), nothing registered',
    async (strategy) => {
      const app = await NestFactory.createMicroservice(moduleWith([OrdersController]), { strategy, logger: false });
      await app.init();
      return app;
    },
  ],
  ['hybrid, interceptor global before connectMicroservice, inheritAppConfig', hybrid(true, 'before')],
  ['hybrid, interceptor global before connectMicroservice, no inheritAppConfig', hybrid(false, 'before')],
  ['hybrid, interceptor global after connectMicroservice', hybrid(true, 'after')],
  ['hybrid, nothing registered, no inheritAppConfig', hybrid(false, 'none')],
  ['hybrid, interceptor per controller (@UseInterceptors)', hybrid(false, 'none', InterceptedController)],
  [
    'hybrid, interceptor as the app’s own APP_INTERCEPTOR as well',
    async (strategy) => {
      const app = await NestFactory.create(
        moduleWith([OrdersController], [{ provide: APP_INTERCEPTOR, useClass: KafkaTracingInterceptor }]),
        { logger: false },
      );
      app.connectMicroservice({ strategy }, { inheritAppConfig: true });
      await app.init();
      return app;
    },
  ],
];

describe('KafkaServerTracing: one trace per message, however the app is laid out', () => {
  beforeEach(() => {
    seen.length = 0;
    spans().length = 0;
  });

  it.each(LAYOUTS)('%s', async (_, layout) => {
    const strategy = server();
    const app = await layout(strategy);
    try {
      await deliver(strategy, { orderId: 'o-1' });
      expect(seen).toEqual([TRACE_ID]);
      const [span, ...more] = processSpans();
      expect(more).toEqual([]);
      expect(span.spanContext().traceId).toBe(TRACE_ID);
      expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
      expect(span.attributes['messaging.consumer.group.name']).toBe('shop-server');
      // Ended when the handler's work ended, not when Nest handed it on.
      expect(span.duration[0] * 1e3 + span.duration[1] / 1e6).toBeGreaterThanOrEqual(4);
    } finally {
      await app.close();
    }
  });

  it.each([
    ['an interceptor runs', hybrid(true, 'before'), 'the fish ran out'],
    ['it runs twice', hybrid(true, 'before', InterceptedController), 'the fish ran out'],
    ['none runs (Nest filtered the error)', hybrid(false, 'none'), 'Internal server error'],
  ] as const)("records a handler's error on the span once where %s", async (_, layout, message) => {
    const strategy = server();
    const app = await layout(strategy);
    try {
      await deliver(strategy, { orderId: 'o-2', fail: true });
      const [span, ...more] = processSpans();
      expect(more).toEqual([]);
      expect(span.status).toMatchObject({ code: 2, message });
      expect(span.events.filter((e) => e.name === 'exception')).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('refuses a Kafka server without processing hooks, naming the fix', async () => {
    // Nest announces servers on a ReplaySubject; rxjs reports an error thrown there as unhandled,
    // which ends the process at start.
    const unhandled = new Promise<unknown>((resolve) => (rxjsConfig.onUnhandledError = resolve));
    const registry = new ReplaySubject<unknown>();
    registry.next({ transportId: Transport.KAFKA, listen: () => undefined, close: () => undefined });
    try {
      new KafkaServerTracing({ getRpcTargetRegistry: () => registry.asObservable() } as never);
      expect(String(await unhandled)).toMatch(/no processing hooks.*inheritAppConfig: true/s);
    } finally {
      rxjsConfig.onUnhandledError = null;
    }
  });
});
