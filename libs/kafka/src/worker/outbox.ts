import { KafkaRequestSerializer } from '@nestjs/microservices/serializers/kafka-request.serializer';
import { context as otelContext, type Context } from '@opentelemetry/api';
import type { Message } from 'kafkajs';
import { Observable, from } from 'rxjs';
import { partitionFor } from '../kafkajs/partition-split';

/** A record a handler wrote, with the partition it goes to. */
export interface OutboxRecord {
  topic: string;
  partition: number;
  message: Message;
}

/** What an outbox asks its partition's worker. */
export interface OutboxTarget {
  partitionCount(topic: string): Promise<number>;
  /** The key is processed: committed, or marked by a message handled before this one. */
  isProcessed(key: string): boolean;
}

/** What one handled message leaves to its partition's worker. */
export interface OutboxContent {
  records: OutboxRecord[];
  /** Keys marked processed. */
  marks: string[];
}

/**
 * What a Kafka handler writes, handed to the worker that owns the message's partition, so that its
 * records, the keys it marks processed and the message's offset are committed together. Nest's
 * ClientKafka is not the way out of a consuming handler: its writes would not be part of the
 * message's transaction.
 *
 * `emit` has ClientKafka's signature, so `emitTraced(outbox, topic, envelope)` works as it does with
 * a client. The record is staged, and the Observable gives its partition (no offset). The worker
 * writes it once the handler is done: exactly-once in the message's transaction (visible when it
 * commits, or never); at-least-once with the marks, before the offset is committed.
 *
 * `markProcessed(key)` records that the message's work for `key` (an order id) is done; any later
 * message with that key, on this partition and in any instance, finds `hasProcessed(key)` true once
 * this message is committed (and at once in this process).
 */
export class KafkaOutbox {
  private readonly serializer = new KafkaRequestSerializer();
  private records: OutboxRecord[] = [];
  private marks: string[] = [];
  /** The context the handler finished in (its consumer span): the commit's span goes under it. */
  context?: Context;

  constructor(private readonly target: OutboxTarget) {}

  /** Same as ClientKafka.emit: `data` is a value, or `{ key, value, headers }`. Eager, like Nest's. */
  emit<TResult = unknown, TInput = unknown>(pattern: string, data: TInput): Observable<TResult> {
    const written = this.write(pattern, data);
    // Observed through the returned Observable; an error nobody subscribes to is not unhandled.
    written.catch(() => undefined);
    return from(written) as Observable<TResult>;
  }

  hasProcessed(key: string): boolean {
    return this.marks.includes(key) || this.target.isProcessed(key);
  }

  markProcessed(key: string): void {
    if (!this.marks.includes(key)) this.marks.push(key);
  }

  /** A new try of the handler: what an earlier try staged is dropped. */
  discard(): void {
    this.records = [];
    this.marks = [];
  }

  /** The handler is done with the message (succeeded, or its dead letter is written). */
  seal(): void {
    this.context = otelContext.active();
  }

  get content(): OutboxContent {
    return { records: [...this.records], marks: [...this.marks] };
  }

  private async write(topic: string, data: unknown): Promise<{ partition: number }[]> {
    const message = this.serializer.serialize(
      typeof data === 'object' && data !== null ? { ...(data as object) } : data,
    ) as Message;
    const partition = partitionFor(message, await this.target.partitionCount(topic));
    this.records.push({ topic, partition, message: { ...message, partition } });
    return [{ partition }];
  }
}
