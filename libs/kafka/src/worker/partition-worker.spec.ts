import { Logger } from '@nestjs/common';
import { CompressionTypes, type EachBatchPayload, type KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { DEFAULT_DELIVERY_POLICY } from '../config/delivery-policy';
import type { ProcessedMarks } from '../processed/processed-keys';
import { FakeKafka } from '../testing/fake-kafka';
import { DirectWriter } from './direct-writer';
import { PartitionWorker } from './partition-worker';
import { TransactionWriter } from './transaction-writer';

const TOPIC = 'kitchen-orders';
const OUT = 'orders-ready';
const GROUP = 'kitchen-service-server';
const CHANGELOG = 'kitchen-service-kitchen-orders-processed-changelog';
const TRANSACTIONAL_ID = 'kitchen-service-kitchen-orders-0';

/** Holds short enough for a test, long enough (about 250 ms) for another member to act meanwhile. */
const POLICY = { ...DEFAULT_DELIVERY_POLICY, maxKafkaBackoffMs: 300, logIntervalMs: 60_000 };

const kicked = () => Object.assign(new Error('The group is rebalancing'), { type: 'ILLEGAL_GENERATION' });

/**
 * One member of the kitchen's group in a test: the worker of kitchen-orders partition 0 on the
 * fake cluster, its processed keys read from the fake's changelog, and a handler that announces
 * each order once (skipping an order already processed).
 */
function member(kafka: FakeKafka) {
  const known = new Set<string>();
  const marks: ProcessedMarks = {
    changelog: CHANGELOG,
    has: (key) => known.has(key),
    add: (keys) => keys.forEach((k) => known.add(k)),
    // The reader: every committed mark of the partition's changelog.
    caughtUp: async () => kafka.committed(CHANGELOG, 0).forEach((r) => known.add(r.key!)),
  };
  const writer = new TransactionWriter({
    transactionalId: TRANSACTIONAL_ID,
    groupId: GROUP,
    changelog: CHANGELOG,
    compression: CompressionTypes.None,
    // As ITuna makes it: non-idempotent, so that connect asks for no producer id.
    createProducer: (id) => kafka.producer({ transactionalId: id }),
    committedOffset: () => kafka.fetchOffset(GROUP, TOPIC, 0),
  });
  const worker = new PartitionWorker({
    topic: TOPIC,
    partition: 0,
    writer,
    marks,
    policy: POLICY,
    partitionCount: async () => 1,
    deadLetter: async (outbox, consumed, { reason }) => {
      await lastValueFrom(
        outbox.emit(`${consumed.topic}.dlq`, { key: consumed.message.key, value: null, headers: { reason } }),
      );
    },
  });
  const handled: string[] = [];
  let kick = false;
  const heartbeat = async () => {
    if (kick) throw kicked();
  };
  const handle = async ({ message }: { message: KafkaMessage }) => {
    const outbox = worker.outboxAt(message.offset)!;
    const orderId = message.value!.toString();
    handled.push(`${message.offset}:${orderId}`);
    if (!outbox.hasProcessed(orderId)) {
      await lastValueFrom(outbox.emit(OUT, { key: orderId, value: orderId }));
      outbox.markProcessed(orderId);
    }
    outbox.seal();
  };
  /** kafkajs's eachBatch with these messages (offset:orderId). */
  const run = (...messages: string[]) =>
    worker.run(
      {
        batch: {
          topic: TOPIC,
          partition: 0,
          messages: messages.map((m) => {
            const [offset, orderId] = m.split(':');
            return { offset, key: Buffer.from(orderId), value: Buffer.from(orderId), headers: {} };
          }),
        },
        resolveOffset: () => undefined,
        heartbeat,
        pause: () => () => undefined,
        isRunning: () => true,
        isStale: () => false,
      } as unknown as EachBatchPayload,
      handle as never,
    );
  return {
    worker,
    handled,
    run,
    /** From now on the group answers this member that it is out of its generation. */
    kickOut: () => (kick = true),
    rejoin: () => (kick = false),
  };
}

/** Resolves once `check` holds (the workers act on their own timers). */
async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  for (const deadline = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 5)))
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
}

const announced = (kafka: FakeKafka) => kafka.committedKeys(OUT).sort();

describe('PartitionWorker on a model of kafkajs 2.2.4 and a Kafka cluster', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('commits each message with its records, its mark and its offset, after claiming with the transactional id', async () => {
    const kafka = new FakeKafka();
    const a = member(kafka);
    a.worker.assigned();
    await a.run('0:o1', '1:o2');
    expect(announced(kafka)).toEqual(['o1', 'o2']);
    expect(kafka.committedKeys(CHANGELOG).sort()).toEqual(['o1', 'o2']);
    expect(await kafka.fetchOffset(GROUP, TOPIC, 0)).toBe(2n);
    // The claim's registration carried the transactional id (kafkajs's connect would not).
    expect(kafka.initProducerIds[0]).toBe(TRANSACTIONAL_ID);
  });

  it('skips an order already processed by a message before it, committed or not', async () => {
    const kafka = new FakeKafka();
    const a = member(kafka);
    a.worker.assigned();
    await a.run('0:o1', '1:o1', '2:o2');
    await a.run('3:o1');
    expect(announced(kafka)).toEqual(['o1', 'o2']);
    expect(await kafka.fetchOffset(GROUP, TOPIC, 0)).toBe(4n);
  });

  // Path 1: before the fix a claim was producer.connect(), which fences nothing in kafkajs 2.2.4.
  it('claims by registering the transactional id before reading the offset: a commit still in PrepareCommit is finished, not made again', async () => {
    const kafka = new FakeKafka();
    const a = member(kafka);
    a.worker.assigned();
    kafka.fail('endTxn', 'stall');
    const aRun = a.run('0:o1', '1:o2', '2:o3').catch((err: Error) => err);
    await until(() => a.worker.current === 'holding', "a's commit stalls in PrepareCommit");
    // The group moves the partition to b (a is out of the group, and hears so at its next heartbeat).
    a.kickOut();
    const b = member(kafka);
    b.worker.assigned();
    await until(() => b.worker.current === 'processing', 'b claims');
    // kafkajs handed b the messages from the offset it read before its claim: from the start.
    await b.run('0:o1', '1:o2', '2:o3', '3:o4');
    expect(await aRun).toMatchObject({ type: 'ILLEGAL_GENERATION' });
    expect(announced(kafka)).toEqual(['o1', 'o2', 'o3', 'o4']);
  });

  // Path 2: before the fix a commit retried after a failure registered again and wrote its messages blind.
  it('after a failed commit, registers again and reads the offset: what another member committed meanwhile is not written twice', async () => {
    const kafka = new FakeKafka();
    const a = member(kafka);
    a.worker.assigned();
    // a's commit never reaches the coordinator; a holds, its heartbeats unanswered (its group coordinator died).
    kafka.fail('endTxn', 'lost-before');
    const aRun = a.run('0:o1', '1:o2').catch((err: Error) => err);
    await until(() => a.worker.current === 'holding', 'a holds');
    const b = member(kafka);
    b.worker.assigned();
    await until(() => b.worker.current === 'processing', 'b claims');
    await b.run('0:o1', '1:o2', '2:o3');
    // a's hold ends: it registers again (fencing b) and finds the group's offset where b left it.
    expect(await aRun).toMatchObject({ name: 'PartitionTakenOverError' });
    expect(announced(kafka)).toEqual(['o1', 'o2', 'o3']);
    expect(await kafka.fetchOffset(GROUP, TOPIC, 0)).toBe(3n);
  });

  // Path 3: before the fix a claim whose offset read failed meant "skip nothing".
  it('holds a claim whose offset read fails and reads again: it never handles from a stale position', async () => {
    const kafka = new FakeKafka();
    const a = member(kafka);
    a.worker.assigned();
    await a.run('0:o1', '1:o2');
    const b = member(kafka);
    kafka.fail('fetchOffsets', 'lost-before');
    b.worker.assigned();
    await until(() => b.worker.current === 'holding', "b's claim fails and holds");
    await until(() => b.worker.current === 'processing', 'b claims on its second try');
    await b.run('0:o1', '1:o2', '2:o3');
    expect(b.handled).toEqual(['2:o3']);
    expect(announced(kafka)).toEqual(['o1', 'o2', 'o3']);
  });

  // Path 4: before the fix the services marked an order done right after the emit, which only staged it.
  it('counts a mark only once committed: an order whose transaction was given up is handled again and announced', async () => {
    const kafka = new FakeKafka();
    const a = member(kafka);
    a.worker.assigned();
    kafka.fail('endTxn', 'lost-before');
    const first = a.run('0:o1').catch((err: Error) => err);
    await until(() => a.worker.current === 'holding', 'a holds');
    // Paused past the session timeout: the group has moved on, and a must rejoin.
    a.kickOut();
    expect(await first).toMatchObject({ type: 'ILLEGAL_GENERATION' });
    // With one instance the partition comes back to the same process, and the order with it.
    a.rejoin();
    a.worker.assigned();
    await until(() => a.worker.current === 'processing', 'a claims again');
    await a.run('0:o1');
    expect(a.handled).toEqual(['0:o1', '0:o1']);
    expect(announced(kafka)).toEqual(['o1']);
  });

  it('knows the orders other instances committed before its claim: a duplicate is skipped after a restart', async () => {
    const kafka = new FakeKafka();
    const a = member(kafka);
    a.worker.assigned();
    await a.run('0:o1');
    // A new process (nothing in memory) gets the partition, and a retried placement of o1 with it.
    const b = member(kafka);
    b.worker.assigned();
    await until(() => b.worker.current === 'processing', 'b claims');
    await b.run('1:o1', '2:o2');
    expect(announced(kafka)).toEqual(['o1', 'o2']);
  });

  it('does not make again a commit whose answer was lost', async () => {
    const kafka = new FakeKafka();
    const a = member(kafka);
    a.worker.assigned();
    kafka.fail('endTxn', 'lost-after');
    await a.run('0:o1', '1:o2');
    expect(announced(kafka)).toEqual(['o1', 'o2']);
    expect(await kafka.fetchOffset(GROUP, TOPIC, 0)).toBe(2n);
  });

  it("leaves a fenced commit to the partition's new holder without registering again", async () => {
    const kafka = new FakeKafka();
    const a = member(kafka);
    a.worker.assigned();
    await a.run('0:o1');
    const b = member(kafka);
    b.worker.assigned();
    await until(() => b.worker.current === 'processing', 'b claims');
    const registrations = kafka.initProducerIds.length;
    await expect(a.run('1:o2')).rejects.toMatchObject({ name: 'PartitionTakenOverError' });
    expect(kafka.initProducerIds.length).toBe(registrations);
    await b.run('1:o2');
    expect(announced(kafka)).toEqual(['o1', 'o2']);
  });

  it('dead-letters, alone, a message whose records Kafka refuses for good, and commits its neighbours', async () => {
    const kafka = new FakeKafka();
    kafka.refuses = (value) => value === 'huge';
    const a = member(kafka);
    a.worker.assigned();
    await a.run('0:o1', '1:huge', '2:o2');
    expect(announced(kafka)).toEqual(['o1', 'o2']);
    expect(kafka.committedKeys(`${TOPIC}.dlq`)).toEqual(['huge']);
    expect(await kafka.fetchOffset(GROUP, TOPIC, 0)).toBe(3n);
  });

  it('commits what a batch handled before kafkajs says the group rebalances, then ends the batch with that answer', async () => {
    const kafka = new FakeKafka();
    const a = member(kafka);
    a.worker.assigned();
    await until(() => a.worker.current === 'processing', 'claimed');
    let beats = 0;
    const run = a.worker.run(
      {
        batch: {
          topic: TOPIC,
          partition: 0,
          messages: ['o1', 'o2'].map((o, i) => ({ offset: String(i), key: null, value: Buffer.from(o), headers: {} })),
        },
        resolveOffset: () => undefined,
        heartbeat: async () => {
          if (++beats === 1) throw Object.assign(new Error('rebalancing'), { type: 'REBALANCE_IN_PROGRESS' });
        },
        pause: () => () => undefined,
        isRunning: () => true,
        isStale: () => false,
      } as unknown as EachBatchPayload,
      async ({ message }) => {
        const outbox = a.worker.outboxAt(message.offset)!;
        await lastValueFrom(outbox.emit(OUT, { key: message.value!.toString(), value: 'x' }));
      },
    );
    await expect(run).rejects.toMatchObject({ type: 'REBALANCE_IN_PROGRESS' });
    expect(announced(kafka)).toEqual(['o1']);
  });
});

describe('PartitionWorker, at-least-once', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('sends the records, then the marks, once the handler is done, then lets kafkajs commit the offset', async () => {
    const steps: string[] = [];
    const known = new Set<string>();
    const worker = new PartitionWorker({
      topic: TOPIC,
      partition: 0,
      writer: new DirectWriter(CHANGELOG, async (topic, messages) => {
        // The record's broker answers last: sent side by side, the mark would land first.
        await new Promise((resolve) => setTimeout(resolve, topic === CHANGELOG ? 0 : 20));
        steps.push(`sent ${topic} ${messages.map((m) => `${m.key}@${m.partition}`).join(',')}`);
      }),
      marks: {
        changelog: CHANGELOG,
        has: (k) => known.has(k),
        add: (k) => k.forEach((x) => known.add(x)),
        caughtUp: async () => undefined,
      },
      policy: POLICY,
      partitionCount: async () => 3,
      deadLetter: async () => undefined,
    });
    worker.assigned();
    await until(() => worker.current === 'processing', 'claimed');
    await worker.run(
      {
        batch: {
          topic: TOPIC,
          partition: 2,
          messages: [{ offset: '5', key: null, value: Buffer.from('o1'), headers: {} }],
        },
        resolveOffset: (offset: string) => steps.push(`resolve ${offset}`),
        heartbeat: async () => undefined,
        pause: () => () => undefined,
        isRunning: () => true,
        isStale: () => false,
      } as unknown as EachBatchPayload,
      async ({ message }) => {
        const outbox = worker.outboxAt(message.offset)!;
        const [staged] = await lastValueFrom(outbox.emit<{ partition: number }[]>(OUT, { key: 'o1', value: 'v' }));
        steps.push(`staged in partition ${staged.partition}`);
        outbox.markProcessed('o1');
      },
    );
    // The batch ends (and kafkajs commits the offset) only once records and mark are written; the
    // mark after the record, or a fault between the two would leave a skipped order never sent.
    expect(steps).toEqual([
      expect.stringMatching(/^staged in partition [0-2]$/),
      'resolve 5',
      expect.stringMatching(new RegExp(`^sent ${OUT} o1@[0-2]$`)),
      `sent ${CHANGELOG} o1@2`,
    ]);
    expect(known.has('o1')).toBe(true);
  });
});
