import { DynamicModule, Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { KafkaTracingInterceptor, type KafkaTracingInterceptorOptions } from './kafka/kafka-tracing.interceptor';
import { KAFKA_TRACING_OPTIONS } from './tracing.constants';
import { getTracing } from './start-tracing';

/**
 * Flushes spans when the application stops. Nest calls onApplicationShutdown after it has closed
 * the HTTP server and the microservices (the Kafka consumer has finished its in-flight messages),
 * so the spans of a graceful stop are exported too.
 */
@Injectable()
export class TracingShutdownHook implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await getTracing()?.shutdown();
  }
}

/**
 * Flushes spans at shutdown and provides the KafkaTracingInterceptor, for `app.get()` or
 * `APP_INTERCEPTOR`. Imported as is, the interceptor records no consumer group; `forRoot` gives it one.
 */
@Global()
@Module({
  providers: [TracingShutdownHook, KafkaTracingInterceptor],
  exports: [KafkaTracingInterceptor],
})
export class TracingModule {
  /** The interceptor's options, e.g. `{ consumerGroup: kafkaConsumerGroup(kafkaOptions) }` (Nest's postfix included). */
  static forRoot(options: KafkaTracingInterceptorOptions = {}): DynamicModule {
    return { module: TracingModule, providers: [{ provide: KAFKA_TRACING_OPTIONS, useValue: options }] };
  }
}
