import type { Message } from 'kafkajs';
import type { HandledMessage, PartitionWriter } from './partition-writer';

/**
 * At-least-once: the handlers' records are already sent (at once, by their outboxes); what is
 * left is the keys they marked processed, written to the changelog before kafkajs commits the
 * offset. A fault between the records and the commit redelivers the message.
 */
export class DirectWriter implements PartitionWriter {
  readonly stages = false;

  constructor(
    private readonly changelog: string,
    private readonly send: (topic: string, messages: Message[]) => Promise<unknown>,
  ) {}

  /** kafkajs reads and commits the offsets itself in this mode. */
  async register(): Promise<bigint | undefined> {
    return undefined;
  }

  async write(messages: readonly HandledMessage[]): Promise<void> {
    const marks = messages.flatMap(({ consumed, content }) =>
      content.marks.map((key) => ({ key, value: consumed.message.offset, partition: consumed.partition })),
    );
    if (marks.length) await this.send(this.changelog, marks);
  }

  /** Its writes go through the service's producer, which the service closes. */
  async close(): Promise<void> {
    return undefined;
  }
}
