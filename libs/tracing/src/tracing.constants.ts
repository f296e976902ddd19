// The lib's DI tokens, in one place.

/** The KafkaTracingInterceptorOptions (see TracingModule.forRoot). */
export const KAFKA_TRACING_OPTIONS = Symbol('KAFKA_TRACING_OPTIONS');
