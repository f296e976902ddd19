import { DynamicModule, Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { KafkaServerTracing } from './kafka/kafka-server-tracing';
import { KafkaTracingInterceptor } from './kafka/kafka-tracing.interceptor';
import type { KafkaTracingInterceptorOptions } from './kafka/kafka-tracing-options';
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
 * Everything a NestJS app needs to continue traces over Kafka, in one import:
 * - KafkaServerTracing: the `process <topic>` span around every message of every Kafka server the
 *   app makes (standalone or hybrid, however its interceptors are registered; NestJS 11 and later);
 * - KafkaTracingInterceptor as an APP_INTERCEPTOR: records a handler's errors on that span, and
 *   makes the span itself on NestJS 10 (where it must be global before connectMicroservice);
 * - spans flushed at shutdown.
 * Imported as is, no consumer group is recorded; `forRoot` gives one.
 */
@Global()
@Module({
  providers: [
    TracingShutdownHook,
    KafkaTracingInterceptor,
    KafkaServerTracing,
    { provide: APP_INTERCEPTOR, useExisting: KafkaTracingInterceptor },
  ],
  exports: [KafkaTracingInterceptor],
})
export class TracingModule {
  /** The interceptor's options, e.g. `{ consumerGroup: kafkaConsumerGroup(kafkaOptions) }` (Nest's postfix included). */
  static forRoot(options: KafkaTracingInterceptorOptions = {}): DynamicModule {
    return { module: TracingModule, providers: [{ provide: KAFKA_TRACING_OPTIONS, useValue: options }] };
  }
}
