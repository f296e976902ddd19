import { Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { KafkaTracingInterceptor } from './kafka/kafka-tracing.interceptor';
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

@Global()
@Module({
  providers: [TracingShutdownHook, KafkaTracingInterceptor],
  exports: [KafkaTracingInterceptor],
})
export class TracingModule {}
