/**
 * An error after which this consumer must not go on (for example lost credentials, or an injected
 * consumer crash). The delivery interceptor passes it to kafkajs, which stops the consumer as it
 * does for any non-retriable error; KafkaConsumerSupervisor then reports it and restarts it.
 */
export class FatalConsumerError extends Error {
  /** kafkajs reads this: a non-retriable error stops the consumer instead of restarting it. */
  readonly retriable = false;

  constructor(message: string) {
    super(message);
    this.name = 'FatalConsumerError';
  }
}
