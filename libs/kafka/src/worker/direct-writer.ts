import type { Message } from 'kafkajs';
import type { HandledMessage, PartitionWriter } from './partition-writer';
import { recordBatches } from './transaction-records';

/**
 * At-least-once: the handlers' records are sent (acknowledged by every in-sync replica), then the
 * keys they marked processed, then kafkajs commits the offset. A fault between any two redelivers
 * the message, and its records can be written twice; a mark never lands before its records, or a
 * redelivery would skip work that was never written.
 */
export class DirectWriter implements PartitionWriter {
  readonly transactional = false;

  constructor(
    private readonly changelog: string,
    private readonly send: (topic: string, messages: Message[]) => Promise<unknown>,
  ) {}

  /** kafkajs reads and commits the offsets itself in this mode. */
  async register(): Promise<bigint | undefined> {
    return undefined;
  }

  async write(messages: readonly HandledMessage[]): Promise<void> {
    const batches = recordBatches(messages, this.changelog);
    const send = (of: typeof batches) =>
      Promise.all(
        of.map(({ topic, partition, messages: m }) =>
          this.send(
            topic,
            m.map((r) => ({ ...r, partition })),
          ),
        ),
      );
    await send(batches.filter(({ topic }) => topic !== this.changelog));
    await send(batches.filter(({ topic }) => topic === this.changelog));
  }

  /** Its writes go through the service's producer, which the service closes. */
  async close(): Promise<void> {
    return undefined;
  }
}
