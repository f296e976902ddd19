/** What TracingModule.forRoot gives the consumer spans (KafkaServerTracing and the interceptor). */
export interface KafkaTracingInterceptorOptions {
  /** The group as Kafka sees it (use kafkaConsumerGroup() to add Nest's postfix). */
  consumerGroup?: string;
}
