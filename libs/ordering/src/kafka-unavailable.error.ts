/** Kafka did not acknowledge the write: the order was not placed. */
export class KafkaUnavailableError extends Error {
  constructor(
    readonly orderId: string,
    cause: unknown,
  ) {
    super(`Kafka did not accept order ${orderId}: ${(cause as Error)?.message ?? cause}`, { cause });
    this.name = 'KafkaUnavailableError';
  }
}
