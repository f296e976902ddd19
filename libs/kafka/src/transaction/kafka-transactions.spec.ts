import { Logger } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import type { Producer, ProducerBatch } from 'kafkajs';
import type { DeadLetterPublisher } from '../dead-letter.publisher';
import { DEFAULT_DELIVERY_POLICY } from '../delivery/delivery-policy';
import { DeliveryStoppedError } from '../delivery/delivery-stopped.error';
import { withBatchCommits } from './batch-commits';
import { KafkaTransactions } from './kafka-transactions';
import { nextOffsets } from './transaction-records';

type Call = { op: string; arg?: unknown; failed?: true };

/** A kafkajs transactional producer that records what each transaction did. */
function fakeProducer(log: Call[][], fail: (op: string, arg: unknown) => Error | undefined = () => undefined) {
  return {
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    transaction: jest.fn(async () => {
      const calls: Call[] = [];
      log.push(calls);
      const step = (op: string) => async (arg?: unknown) => {
        // Let other commits queue up meanwhile, as a round trip to the broker would.
        await new Promise((resolve) => setImmediate(resolve));
        const err = fail(op, arg);
        // An error marked `landed` is a lost answer: the broker did it, the client hears a failure.
        calls.push(err && !(err as { landed?: boolean }).landed ? { op, arg, failed: true } : { op, arg });
        if (err) throw err;
      };
      return {
        sendBatch: step('sendBatch'),
        sendOffsets: step('sendOffsets'),
        commit: step('commit'),
        abort: step('abort'),
      };
    }),
  };
}

class TestTransactions extends KafkaTransactions {
  readonly producers: ReturnType<typeof fakeProducer>[] = [];
  readonly deadLettered: { offset: string; reason: string }[] = [];
  constructor(private readonly make: () => ReturnType<typeof fakeProducer>) {
    const deadLetters = {
      publish: async (kafka: KafkaContext, reason: string) =>
        void this.deadLettered.push({ offset: kafka.getMessage().offset, reason }),
    } as unknown as DeadLetterPublisher;
    super('kitchen-service', 'exactly-once', deadLetters, {
      ...DEFAULT_DELIVERY_POLICY,
      maxKafkaBackoffMs: 5,
      logIntervalMs: 60_000,
    });
  }
  readonly ids: string[] = [];
  /** The group's committed offset as the fake broker has it: the last offset of a commit that was made. */
  committedLog: Call[][] = [];
  protected override async committedOffset(): Promise<bigint | undefined> {
    const last = committedOffsets(this.committedLog).at(-1);
    return last ? BigInt(last[0]) : undefined;
  }
  /** Partitions of every topic written to. */
  partitions = 1;
  protected override async partitionCount(): Promise<number> {
    return this.partitions;
  }
  protected override createProducer(transactionalId: string): Producer {
    this.ids.push(transactionalId);
    const producer = this.make();
    this.producers.push(producer);
    return producer as unknown as Producer;
  }
}

const heartbeat = jest.fn(async () => undefined);
function consumed(partition: number, offset: string, beat: () => Promise<void> = heartbeat) {
  return new KafkaContext([
    { offset, key: null, value: null, headers: {} } as never,
    partition,
    'kitchen-orders',
    {} as never,
    beat as never,
    {} as never,
  ]);
}

const committedOffsets = (log: Call[][]) =>
  log
    .filter((calls) => calls.some((c) => c.op === 'commit' && !c.failed))
    .map((calls) =>
      (
        calls.find((c) => c.op === 'sendOffsets')!.arg as { topics: { partitions: { offset: string }[] }[] }
      ).topics[0].partitions.map((p) => p.offset),
    );

describe('KafkaTransactions', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('commits the records with the offset after the message, under the Nest server group', async () => {
    const log: Call[][] = [];
    const transactions = new TestTransactions(() => fakeProducer(log));
    await transactions.commit(consumed(2, '41'), [{ topic: 'orders-ready', message: { key: 'o1', value: 'v' } }]);
    expect(log).toEqual([
      [
        {
          op: 'sendBatch',
          arg: expect.objectContaining({
            topicMessages: [{ topic: 'orders-ready', messages: [{ key: 'o1', value: 'v', partition: 0 }] }],
            acks: -1,
          }),
        },
        {
          op: 'sendOffsets',
          arg: {
            consumerGroupId: 'kitchen-service-server',
            topics: [{ topic: 'kitchen-orders', partitions: [{ partition: 2, offset: '42' }] }],
          },
        },
        { op: 'commit', arg: undefined },
      ],
    ]);
  });

  it('writes one sendBatch per partition of the records (kafkajs loses records retrying one over several brokers)', async () => {
    const log: Call[][] = [];
    const transactions = new TestTransactions(() => fakeProducer(log));
    transactions.partitions = 3;
    const keys = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6'];
    await transactions.commit(
      consumed(0, '5'),
      keys.map((key) => ({ topic: 'orders-ready', message: { key, value: 'v' } })),
    );
    const sends = log[0].filter((c) => c.op === 'sendBatch').map((c) => c.arg as ProducerBatch);
    const partitionsOf = sends.map((b) => new Set(b.topicMessages!.flatMap((t) => t.messages.map((m) => m.partition))));
    expect(sends.length).toBeGreaterThan(1);
    expect(sends.every((b) => b.topicMessages!.length === 1)).toBe(true);
    expect(partitionsOf.every((p) => p.size === 1)).toBe(true);
    expect(sends.flatMap((b) => b.topicMessages![0].messages.map((m) => m.key)).sort()).toEqual(keys);
    expect(log[0].map((c) => c.op).slice(-2)).toEqual(['sendOffsets', 'commit']);
  });

  it("lets a partition's commits that arrive during its transaction share the next one (group commit)", async () => {
    const log: Call[][] = [];
    const transactions = new TestTransactions(() => fakeProducer(log));
    await Promise.all(['7', '8', '9'].map((offset) => transactions.commit(consumed(0, offset), [])));
    expect(committedOffsets(log)).toEqual([['8'], ['10']]);
  });

  it('gives each consumed partition its own transactional id and producer, the same whichever instance holds it', async () => {
    const log: Call[][] = [];
    const transactions = new TestTransactions(() => fakeProducer(log));
    transactions.prepare({ 'kitchen-orders': [0, 1] });
    await Promise.all([transactions.commit(consumed(1, '5'), []), transactions.commit(consumed(2, '5'), [])]);
    expect(transactions.ids).toEqual([
      'kitchen-service-kitchen-orders-0',
      'kitchen-service-kitchen-orders-1',
      'kitchen-service-kitchen-orders-2',
    ]);
    expect(transactions.producers.every((p) => p.connect.mock.calls.length === 1)).toBe(true);
  });

  it('tries a failed transaction again with a new producer, before anything queued after it, heartbeating meanwhile', async () => {
    const log: Call[][] = [];
    let failures = 2;
    const transactions = new TestTransactions(() =>
      fakeProducer(log, (op) => (op === 'commit' && failures-- > 0 ? new Error('coordinator went away') : undefined)),
    );
    await Promise.all([
      transactions.commit(consumed(0, '1'), []),
      transactions.commit(consumed(0, '2'), []),
      transactions.commit(consumed(0, '3'), []),
    ]);
    // Attempts: [1] fails, [1,2,3] fails, [1,2,3] commits: offset 4 never goes before 2.
    expect(committedOffsets(log)).toEqual([['4']]);
    expect(log.map((calls) => calls.at(-1)!.op)).toEqual(['commit', 'commit', 'commit']);
    expect(transactions.producers).toHaveLength(3);
    expect(transactions.producers[0].disconnect).toHaveBeenCalled();
    expect(heartbeat).toHaveBeenCalled();
  });

  it('does not make again a transaction whose commit Kafka made but whose answer was lost', async () => {
    const log: Call[][] = [];
    let lost = 1;
    const transactions = new TestTransactions(() =>
      fakeProducer(log, (op) =>
        op === 'commit' && lost-- > 0
          ? Object.assign(new Error('coordinator went away after writing the commit'), { landed: true })
          : undefined,
      ),
    );
    transactions.committedLog = log;
    await transactions.commit(consumed(0, '41'), [{ topic: 'orders-ready', message: { key: 'o1', value: 'v' } }]);
    await transactions.commit(consumed(0, '42'), [{ topic: 'orders-ready', message: { key: 'o2', value: 'v' } }]);
    // One transaction per message: o1's records were not sent a second time.
    expect(committedOffsets(log)).toEqual([['42'], ['43']]);
    expect(log.flatMap((calls) => calls.filter((c) => c.op === 'sendBatch'))).toHaveLength(2);
    expect(transactions.producers).toHaveLength(2);
  });

  it('asks the committed offset again while it cannot be read, rather than making the transaction again blind', async () => {
    const log: Call[][] = [];
    let lost = 1;
    let unreadable = 2;
    const transactions = new (class extends TestTransactions {
      // A broker failover: the group's offset cannot be read for a moment.
      protected override async committedOffset(): Promise<bigint | undefined> {
        if (unreadable-- > 0) throw new Error('The group coordinator is not available');
        return super.committedOffset();
      }
    })(() =>
      fakeProducer(log, (op) =>
        op === 'commit' && lost-- > 0 ? Object.assign(new Error('connection closed'), { landed: true }) : undefined,
      ),
    );
    transactions.committedLog = log;
    await transactions.commit(consumed(0, '41'), [{ topic: 'orders-ready', message: { key: 'o1', value: 'v' } }]);
    // Made once: its records were not written a second time.
    expect(committedOffsets(log)).toEqual([['42']]);
    expect(log.flatMap((calls) => calls.filter((c) => c.op === 'sendBatch'))).toHaveLength(1);
  });

  it('makes again a transaction that failed before its commit was sent, whatever the committed offset says', async () => {
    const log: Call[][] = [];
    let down = 1;
    const transactions = new (class extends TestTransactions {
      // A committed offset already past the message: only a commit that may have landed is asked about.
      protected override async committedOffset(): Promise<bigint | undefined> {
        return 1000n;
      }
    })(() => fakeProducer(log, (op) => (op === 'sendOffsets' && down-- > 0 ? new Error('Kafka is away') : undefined)));
    await transactions.commit(consumed(0, '41'), [{ topic: 'orders-ready', message: { key: 'o1', value: 'v' } }]);
    expect(committedOffsets(log)).toEqual([['42']]);
    expect(log.flatMap((calls) => calls.filter((c) => c.op === 'sendBatch'))).toHaveLength(2);
  });

  it("claims a newly assigned partition's transactional id first, then reads the offset its previous holder committed", async () => {
    const log: Call[][] = [];
    const order: string[] = [];
    const transactions = new (class extends TestTransactions {
      protected override async committedOffset(): Promise<bigint | undefined> {
        order.push('read offset');
        return 42n;
      }
    })(() => {
      const producer = fakeProducer(log);
      producer.connect.mockImplementation(async () => void order.push('claim'));
      return producer;
    });
    transactions.prepare({ 'kitchen-orders': [0, 2] });
    await expect(transactions.committedAtClaim('kitchen-orders', 2)).resolves.toBe(42n);
    await expect(transactions.committedAtClaim('kitchen-orders', 1)).resolves.toBeUndefined();
    expect(transactions.ids).toEqual(['kitchen-service-kitchen-orders-0', 'kitchen-service-kitchen-orders-2']);
    expect(order).toEqual(['claim', 'claim', 'read offset', 'read offset']);
  });

  it('registers an idle lane again at every claim (fencing whoever held it meanwhile) and closes the producer of a partition the member lost', async () => {
    const transactions = new TestTransactions(() => fakeProducer([]));
    transactions.prepare({ 'kitchen-orders': [0, 1] });
    await transactions.committedAtClaim('kitchen-orders', 1);
    transactions.prepare({ 'kitchen-orders': [1] });
    await transactions.committedAtClaim('kitchen-orders', 1);
    // Lane 0 lost: its producer closed. Lane 1 kept: its producer replaced by a new registration.
    expect(transactions.producers.map((p) => p.disconnect.mock.calls.length)).toEqual([1, 1, 0]);
    transactions.prepare({ 'kitchen-orders': [0, 1] });
    await transactions.committedAtClaim('kitchen-orders', 0);
    expect(transactions.ids).toEqual([
      'kitchen-service-kitchen-orders-0',
      'kitchen-service-kitchen-orders-1',
      'kitchen-service-kitchen-orders-1',
      'kitchen-service-kitchen-orders-0',
      'kitchen-service-kitchen-orders-1',
    ]);
  });

  it("stops trying a transaction once the group says the member is out of the generation that handled it (the partition may be another's)", async () => {
    const log: Call[][] = [];
    const transactions = new TestTransactions(() =>
      fakeProducer(log, (op) => (op === 'commit' ? new Error('producer fenced') : undefined)),
    );
    const outOfGeneration = Object.assign(new Error('The generation id is not valid'), {
      name: 'KafkaJSProtocolError',
      type: 'ILLEGAL_GENERATION',
    });
    const heartbeatOfOldGeneration = jest.fn(async () => {
      throw outOfGeneration;
    });
    const pending = [
      transactions.commit(consumed(0, '7', heartbeatOfOldGeneration), []),
      transactions.commit(consumed(0, '8', heartbeatOfOldGeneration), []),
    ];
    // kafkajs rejoins the group on this error, thrown out of eachBatch.
    for (const commit of pending) await expect(commit).rejects.toBe(outOfGeneration);
    expect(log.filter((calls) => calls.some((c) => c.op === 'commit'))).toHaveLength(1);
    expect(committedOffsets(log)).toEqual([]);
  });

  it("leaves its messages to the partition's holder when its producer was fenced, rather than registering again", async () => {
    const log: Call[][] = [];
    const fenced = Object.assign(new Error('Producer attempted an operation with an old epoch'), {
      name: 'KafkaJSProtocolError',
      type: 'INVALID_PRODUCER_EPOCH',
    });
    const transactions = new TestTransactions(() => fakeProducer(log, (op) => (op === 'commit' ? fenced : undefined)));
    const commit = transactions.commit(consumed(0, '7'), [{ topic: 'orders-ready', message: { value: 'v' } }]);
    // The rebalance answer kafkajs rejoins on: the next holder claims the partition and reads its offset first.
    await expect(commit).rejects.toMatchObject({ name: 'PartitionTakenOverError', type: 'REBALANCE_IN_PROGRESS' });
    expect(log).toHaveLength(1);
    expect(transactions.producers).toHaveLength(1);
  });

  it('gives up a held transaction when the service stops, leaving its messages uncommitted', async () => {
    const log: Call[][] = [];
    const transactions = new TestTransactions(() =>
      fakeProducer(log, (op) => (op === 'commit' ? new Error('Kafka is away') : undefined)),
    );
    const held = transactions.commit(consumed(0, '1'), []);
    await new Promise((resolve) => setTimeout(resolve, 20));
    transactions.onModuleDestroy();
    await expect(held).rejects.toBeInstanceOf(DeliveryStoppedError);
  });

  it('dead-letters the one message whose record Kafka can never take and commits the others with their records', async () => {
    const log: Call[][] = [];
    const tooLarge = Object.assign(new Error('too large'), { name: 'KafkaJSProtocolError', type: 'MESSAGE_TOO_LARGE' });
    const transactions = new TestTransactions(() =>
      fakeProducer(log, (op, arg) =>
        op === 'sendBatch' && JSON.stringify(arg).includes('huge') ? tooLarge : undefined,
      ),
    );
    const first = transactions.commit(consumed(0, '1'), []);
    const results = await Promise.allSettled([
      first,
      transactions.commit(consumed(1, '1'), [{ topic: 'orders-ready', message: { value: 'huge' } }]),
      transactions.commit(consumed(2, '1'), [{ topic: 'orders-ready', message: { value: 'fine' } }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(transactions.deadLettered).toEqual([
      { offset: '1', reason: 'Kafka refused what the handler wrote (KafkaJSProtocolError)' },
    ]);
    const written = log
      .filter((calls) => calls.some((c) => c.op === 'commit' && !c.failed))
      .flatMap((calls) => calls.filter((c) => c.op === 'sendBatch').map((c) => JSON.stringify(c.arg)));
    expect(written.some((w) => w.includes('fine'))).toBe(true);
    expect(written.some((w) => w.includes('huge'))).toBe(false);
  });

  it('inside a batch, queues each commit without waiting, and the batch ends once all are committed in few transactions', async () => {
    const log: Call[][] = [];
    const transactions = new TestTransactions(() => fakeProducer(log));
    let handled = 0;
    await withBatchCommits(async () => {
      for (let offset = 0; offset < 20; offset += 1) {
        await transactions.commit(consumed(0, String(offset)), [
          { topic: 'orders-ready', message: { value: String(offset) } },
        ]);
        handled += 1;
      }
      expect(committedOffsets(log).flat()).not.toContain('20');
    });
    expect(handled).toBe(20);
    expect(committedOffsets(log).at(-1)).toEqual(['20']);
    expect(log.length).toBeLessThan(20);
  });
});

describe('nextOffsets', () => {
  it('commits the offset after the highest message per partition, as a string', () => {
    expect(
      nextOffsets([
        { topic: 't', partition: 0, offset: '9007199254740993' },
        { topic: 't', partition: 0, offset: '5' },
        { topic: 'u', partition: 3, offset: '0' },
      ]),
    ).toEqual([
      { topic: 't', partitions: [{ partition: 0, offset: '9007199254740994' }] },
      { topic: 'u', partitions: [{ partition: 3, offset: '1' }] },
    ]);
  });
});
