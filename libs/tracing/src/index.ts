export { startTracing, getTracing, SPAN_COUNTS_PREFIX } from './start-tracing';
export { registerEsmHooks } from './esm-hooks';
export { Traced } from './traced.decorator';
export { TracingModule, TracingShutdownHook } from './tracing.module';
export { KafkaTracingInterceptor } from './kafka/kafka-tracing.interceptor';
export { KafkaServerTracing } from './kafka/kafka-server-tracing';
export { KAFKA_TRACING_OPTIONS } from './tracing.constants';
export type { KafkaTracingInterceptorOptions } from './kafka/kafka-tracing-options';
export { emitTraced } from './kafka/emit-traced';
export type { KafkaEmitter, KafkaEnvelope, EmitTracedOptions } from './kafka/emit-traced';
export { processTraced } from './kafka/process-traced';
export type { ConsumedBatch, ProcessTracedOptions } from './kafka/process-traced';
export type { ConsumedMessage } from './kafka/consumer-span';
export { kafkaHeadersGetter, kafkaHeadersSetter } from './kafka/kafka-headers';
export type { KafkaHeaders, KafkaHeaderValue } from './kafka/kafka-headers';
export { kafkaConsumerGroup } from './kafka/consumer-group';
export { isKafkajsInstrumented } from './kafka/kafkajs-instrumentation';
export { recordError } from './utils';
export { TRACER_NAME } from './tracer';
export * as semconv from './semconv';
export type {
  TracingOptions,
  TracingHandle,
  SpanCounts,
  TracedOptions,
  InstrumentationSwitches,
  BatchOptions,
} from './types';
