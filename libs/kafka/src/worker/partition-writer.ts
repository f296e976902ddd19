import type { Context, Span } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';
import type { OutboxContent } from './outbox';

/** A consumed message as the dead-letter topic keeps it. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  message: Pick<KafkaMessage, 'offset' | 'key' | 'value' | 'headers'>;
}

/** A message its handler is done with, waiting for its partition's worker to commit it. */
export interface HandledMessage {
  consumed: ConsumedRecord;
  content: OutboxContent;
  /** The message's consumer span's context: spans made for it later (a dead letter) go under it. */
  context: Context;
  /** Exactly-once: the `commit-transaction` span, from the hand-over to the commit. */
  span?: Span;
  settle: { resolve: () => void; reject: (err: unknown) => void };
  /** Dead letters tried in place of its records (Kafka refused them for good). */
  deadLetterTries?: number;
}

/**
 * How a partition's handled messages are committed: exactly-once in Kafka transactions
 * (TransactionWriter), at-least-once as marks then kafkajs's own offset commit (DirectWriter).
 */
export interface PartitionWriter {
  /** Exactly-once: records, marks and offset in one transaction. */
  readonly transactional: boolean;
  /** Exactly-once: the partition's transactional id. */
  readonly transactionalId?: string;
  /**
   * Registers as the partition's writer: exactly-once, the transactional id is registered again,
   * which finishes what its previous holder left and fences it. Then resolves with the group's
   * committed offset of the partition as read after that (undefined: none, or at-least-once).
   */
  register(): Promise<bigint | undefined>;
  /** Commits the messages: their records, their marks and the offset after the last, together. */
  write(messages: readonly HandledMessage[]): Promise<void>;
  close(): Promise<void>;
}
