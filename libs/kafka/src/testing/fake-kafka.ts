import type { Message, Producer } from 'kafkajs';

/** A record in a partition's log, with the transaction it was written in. */
export interface LoggedRecord {
  key: string | null;
  value: string | null;
  transactionalId?: string;
  status: 'open' | 'committed' | 'aborted';
}

type TxnState = 'empty' | 'ongoing' | 'prepare-commit';

interface Transaction {
  producerId: number;
  epoch: number;
  state: TxnState;
  records: LoggedRecord[];
  offsets: { groupId: string; topic: string; partition: number; offset: bigint }[];
}

/** A fault the test sets on the next request of a kind: what the broker did, and what the client hears. */
export type Fault =
  /** The request never reached the broker: nothing done, the client hears a lost connection. */
  | 'lost-before'
  /** The broker did it, the answer was lost: the client hears a timeout. */
  | 'lost-after'
  /** EndTxn(commit) is taken (PrepareCommit) but not completed until `completeStalled()`; the client hears a timeout. */
  | 'stall';

const error = (name: string, type?: string) =>
  Object.assign(new Error(`${name}${type ? ` (${type})` : ''}`), { name, ...(type ? { type } : {}) });

/**
 * A model of one Kafka cluster as kafkajs 2.2.4's transactional producer meets it: a transaction
 * coordinator per transactional id, partition logs, and a consumer group's committed offsets.
 *
 * It keeps kafkajs's two InitProducerIds apart: `connect()` of an idempotent producer asks for a
 * producer id WITHOUT the transactional id (nothing is fenced, nothing finished); the first
 * `transaction()` asks WITH it, which finishes the id's last transaction (completes a PrepareCommit,
 * aborts an ongoing one) and bumps the epoch, so that every older producer of the id is refused
 * (INVALID_PRODUCER_EPOCH). A commit or abort with nothing added sends no EndTxn (as kafkajs).
 */
export class FakeKafka {
  readonly logs = new Map<string, LoggedRecord[]>();
  private readonly coordinators = new Map<string, Transaction>();
  private readonly groupOffsets = new Map<string, bigint>();
  private nextProducerId = 1000;
  private readonly faults = new Map<string, Fault[]>();
  private stalled?: () => void;
  /** Records the broker refuses for good (MESSAGE_TOO_LARGE): a sendBatch holding one writes nothing. */
  refuses: (value: string | null) => boolean = () => false;
  /** Every InitProducerId, with or without the transactional id. */
  readonly initProducerIds: (string | undefined)[] = [];

  /** The next `op` ('endTxn', 'produce', 'addOffsets', 'initProducerId', 'fetchOffsets') meets `fault`. */
  fail(op: string, fault: Fault): void {
    this.faults.set(op, [...(this.faults.get(op) ?? []), fault]);
  }

  /** Completes the commit a 'stall' fault left in PrepareCommit. */
  completeStalled(): void {
    this.stalled?.();
    this.stalled = undefined;
  }

  /** The group's committed offset of a partition, as OffsetFetch answers it (no require_stable: pending commits are not waited for). */
  async fetchOffset(groupId: string, topic: string, partition: number): Promise<bigint | undefined> {
    if (this.take('fetchOffsets')) throw error('KafkaJSConnectionError');
    return this.groupOffsets.get(`${groupId}/${topic}/${partition}`);
  }

  /** What a read-committed consumer of the partition sees. */
  committed(topic: string, partition: number): LoggedRecord[] {
    return (this.logs.get(`${topic}/${partition}`) ?? []).filter((r) => r.status === 'committed');
  }

  /** Every committed record's key on `topic`, over its partitions. */
  committedKeys(topic: string): string[] {
    return [...this.logs.entries()]
      .filter(([tp]) => tp.startsWith(`${topic}/`))
      .flatMap(([, records]) => records.filter((r) => r.status === 'committed').map((r) => r.key ?? ''));
  }

  /** A kafkajs producer of this cluster (the shape of kafkajs 2.2.4's). */
  producer({ transactionalId, idempotent = false }: { transactionalId?: string; idempotent?: boolean }): Producer {
    let epoch = -1;
    let registered = false;
    const broker = {
      initProducerId: this.initProducerId.bind(this),
      produce: this.produce.bind(this),
      addOffsets: this.addOffsets.bind(this),
      endTxn: this.endTxn.bind(this),
    };
    return {
      connect: async () => {
        // kafkajs: an idempotent producer asks for a producer id at connect, without the transactional id.
        if (idempotent) broker.initProducerId(undefined);
      },
      disconnect: async () => undefined,
      transaction: async () => {
        if (!transactionalId) throw new Error('Must provide transactional id for transactional producer');
        // kafkajs: the transactional id is registered at the first transaction() only.
        if (!registered) {
          epoch = broker.initProducerId(transactionalId).epoch;
          registered = true;
        }
        let added = false;
        return {
          sendBatch: async ({ topicMessages }: { topicMessages: { topic: string; messages: Message[] }[] }) => {
            added = true;
            await broker.produce(transactionalId, epoch, topicMessages);
          },
          sendOffsets: async ({
            consumerGroupId,
            topics,
          }: {
            consumerGroupId: string;
            topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
          }) => {
            added = true;
            await broker.addOffsets(transactionalId, epoch, consumerGroupId, topics);
          },
          commit: async () => {
            if (added) await broker.endTxn(transactionalId, epoch, true);
          },
          abort: async () => {
            if (added) await broker.endTxn(transactionalId, epoch, false);
          },
          isActive: () => true,
        };
      },
    } as unknown as Producer;
  }

  private take(op: string): Fault | undefined {
    const queued = this.faults.get(op);
    return queued?.shift();
  }

  private coordinator(transactionalId: string): Transaction {
    let txn = this.coordinators.get(transactionalId);
    if (!txn)
      this.coordinators.set(
        transactionalId,
        (txn = { producerId: this.nextProducerId++, epoch: -1, state: 'empty', records: [], offsets: [] }),
      );
    return txn;
  }

  private initProducerId(transactionalId: string | undefined): { producerId: number; epoch: number } {
    this.initProducerIds.push(transactionalId);
    if (this.take('initProducerId')) throw error('KafkaJSConnectionError');
    if (transactionalId === undefined) return { producerId: this.nextProducerId++, epoch: 0 };
    const txn = this.coordinator(transactionalId);
    // The id's last transaction is finished first: a commit it had taken is made, anything else aborted.
    if (txn.state === 'prepare-commit') this.complete(txn, true);
    else if (txn.state === 'ongoing') this.complete(txn, false);
    this.stalled = undefined;
    txn.epoch += 1;
    return { producerId: txn.producerId, epoch: txn.epoch };
  }

  private fenced(transactionalId: string, epoch: number): Transaction {
    const txn = this.coordinator(transactionalId);
    if (epoch !== txn.epoch) throw error('KafkaJSProtocolError', 'INVALID_PRODUCER_EPOCH');
    return txn;
  }

  private async produce(
    transactionalId: string,
    epoch: number,
    topicMessages: { topic: string; messages: Message[] }[],
  ): Promise<void> {
    const fault = this.take('produce');
    if (fault === 'lost-before') throw error('KafkaJSConnectionError');
    const txn = this.fenced(transactionalId, epoch);
    if (topicMessages.some(({ messages }) => messages.some((m) => this.refuses(m.value?.toString() ?? null))))
      throw error('KafkaJSProtocolError', 'MESSAGE_TOO_LARGE');
    txn.state = 'ongoing';
    for (const { topic, messages } of topicMessages)
      for (const m of messages) {
        const record: LoggedRecord = {
          key: m.key == null ? null : m.key.toString(),
          value: m.value == null ? null : m.value.toString(),
          transactionalId,
          status: 'open',
        };
        const log = `${topic}/${m.partition ?? 0}`;
        this.logs.set(log, [...(this.logs.get(log) ?? []), record]);
        txn.records.push(record);
      }
    if (fault === 'lost-after') throw error('KafkaJSRequestTimeoutError');
  }

  private async addOffsets(
    transactionalId: string,
    epoch: number,
    groupId: string,
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[],
  ): Promise<void> {
    const fault = this.take('addOffsets');
    if (fault === 'lost-before') throw error('KafkaJSConnectionError');
    const txn = this.fenced(transactionalId, epoch);
    txn.state = 'ongoing';
    for (const { topic, partitions } of topics)
      for (const { partition, offset } of partitions)
        txn.offsets.push({ groupId, topic, partition, offset: BigInt(offset) });
    if (fault === 'lost-after') throw error('KafkaJSRequestTimeoutError');
  }

  private async endTxn(transactionalId: string, epoch: number, commit: boolean): Promise<void> {
    const fault = this.take('endTxn');
    if (fault === 'lost-before') throw error('KafkaJSConnectionError');
    const txn = this.fenced(transactionalId, epoch);
    if (commit && fault === 'stall') {
      txn.state = 'prepare-commit';
      this.stalled = () => this.complete(txn, true);
      throw error('KafkaJSRequestTimeoutError');
    }
    this.complete(txn, commit);
    if (fault === 'lost-after') throw error('KafkaJSRequestTimeoutError');
  }

  private complete(txn: Transaction, commit: boolean): void {
    for (const record of txn.records) record.status = commit ? 'committed' : 'aborted';
    if (commit)
      for (const { groupId, topic, partition, offset } of txn.offsets)
        this.groupOffsets.set(`${groupId}/${topic}/${partition}`, offset);
    txn.records = [];
    txn.offsets = [];
    txn.state = 'empty';
  }
}
