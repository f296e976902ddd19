import type { Message, Producer, ProducerBatch, RecordMetadata } from 'kafkajs';
import { isPermanentRecordError } from '../client/retriable';
import { PartitionSplit, type PartitionCount } from './partition-split';

export interface OutgoingRecords {
  topic: string;
  messages: Message[];
}

export interface ProducerHandle {
  /** The producer to send with, connected. */
  ready(): Promise<Producer>;
  /** Puts a new producer (a new producer id, sequence numbers from 0) in place of the current one. */
  replace(): Promise<void>;
  /** A topic's partition count, for the one-partition-per-sendBatch split. */
  partitionCount: PartitionCount;
}

interface PendingSend extends OutgoingRecords {
  bytes: number;
  /** Sent in a request of its own (after a request it shared was refused as too large). */
  alone: boolean;
  resolve: (metadata: RecordMetadata[]) => void;
  reject: (err: unknown) => void;
}

/** Far below the broker's 1 MB default record batch: records sharing a request never make it too large together. */
const MAX_REQUEST_BYTES = 256 * 1024;
const MAX_REQUEST_SENDS = 500;

/**
 * Sends through an idempotent kafkajs producer one request at a time; sends queued meanwhile share
 * the next request. A request is one sendBatch per partition, at once (see PartitionSplit: a
 * sendBatch over several brokers can lose records in kafkajs's retries). After a request fails, the
 * producer is replaced before anything else is sent.
 *
 * Why: the broker may have written a request whose answer was lost (a timeout, a connection closed
 * by a broker going down). kafkajs then rewinds the partitions' sequence numbers, so the next,
 * different record gets the failed one's number; the broker takes it for a retry of a record it
 * already has, acknowledges it and drops it. An order answered 202 would be lost. The Java client
 * bumps the producer epoch here (KIP-360); kafkajs 2.2.4 does not, so a new producer (a new producer
 * id) is the way to start clean. One request in flight costs nothing with idempotence: kafkajs sends
 * one request per broker at a time anyway.
 */
export class IdempotentSendQueue {
  private readonly queue: PendingSend[] = [];
  private readonly split: PartitionSplit;
  private sending = false;

  constructor(
    private readonly producer: ProducerHandle,
    private readonly options: Omit<ProducerBatch, 'topicMessages'> = {},
  ) {
    this.split = new PartitionSplit(producer.partitionCount);
  }

  /** Resolves with the send's record metadata once Kafka acknowledged it; rejects with kafkajs's error. */
  send(records: OutgoingRecords): Promise<RecordMetadata[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...records, bytes: sizeOf(records.messages), alone: false, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0) await this.sendRequest(this.nextRequest());
    } finally {
      this.sending = false;
    }
  }

  private async sendRequest(request: PendingSend[]): Promise<void> {
    const rejectAll = (err: unknown) => request.forEach((send) => send.reject(err));
    let split: Awaited<ReturnType<PartitionSplit['split']>>;
    let producer: Producer;
    try {
      // A partition count that cannot be had fails the sends, not the producer.
      split = await this.split.split(request);
    } catch (err) {
      return rejectAll(err);
    }
    try {
      producer = await this.producer.ready();
    } catch (err) {
      await this.producer.replace().catch(() => undefined);
      return rejectAll(err);
    }
    const { batches, of } = split;
    const outcomes = await Promise.allSettled(
      batches.map(({ topic, messages }) =>
        producer.sendBatch({ ...this.options, topicMessages: [{ topic, messages }] }),
      ),
    );
    if (outcomes.some((o) => o.status === 'rejected')) await this.producer.replace().catch(() => undefined);
    const alone: PendingSend[] = [];
    request.forEach((send, i) => {
      const mine = of[i].map((b) => outcomes[b]);
      const failed = mine.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (!failed) return send.resolve(mine.flatMap((o) => (o as PromiseFulfilledResult<RecordMetadata[]>).value));
      // Which record the broker refused is unknown: each goes again on its own (a topic whose
      // limit is under MAX_REQUEST_BYTES can then get a record that was written twice).
      if (request.length > 1 && isPermanentRecordError(failed.reason)) alone.push({ ...send, alone: true });
      else send.reject(failed.reason);
    });
    this.queue.unshift(...alone);
  }

  private nextRequest(): PendingSend[] {
    const first = this.queue.shift();
    if (!first) return [];
    const request = [first];
    if (first.alone) return request;
    let bytes = first.bytes;
    while (this.queue.length > 0 && request.length < MAX_REQUEST_SENDS) {
      const next = this.queue[0];
      if (next.alone || bytes + next.bytes > MAX_REQUEST_BYTES) break;
      bytes += next.bytes;
      request.push(next);
      this.queue.shift();
    }
    return request;
  }
}

/** Bytes of keys, values and headers, near enough to keep a request under its budget. */
function sizeOf(messages: Message[]): number {
  let bytes = 0;
  for (const m of messages) {
    bytes += byteLength(m.key) + byteLength(m.value) + 64;
    for (const [name, value] of Object.entries(m.headers ?? {}))
      bytes += name.length + (Array.isArray(value) ? value.reduce((n, v) => n + byteLength(v), 0) : byteLength(value));
  }
  return bytes;
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value == null) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
