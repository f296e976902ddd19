import { Partitioners } from 'kafkajs';
import type { Producer, ProducerBatch, RecordMetadata } from 'kafkajs';
import { IdempotentSendQueue } from './idempotent-send-queue';

/** A producer whose requests the test answers one by one. */
class FakeProducers {
  readonly requests: { producer: number; batch: ProducerBatch; answer: (err?: Error) => void }[] = [];
  readonly events: string[] = [];
  private current = 1;
  private inFlight = 0;
  maxInFlight = 0;

  handle = {
    ready: async () => this.producer(this.current),
    replace: async () => {
      this.events.push(`replace ${this.current}`);
      this.current += 1;
    },
    partitionCount: async (topic: string) => this.partitions[topic] ?? 1,
  };
  /** Partitions per topic (1 unless set). */
  partitions: Record<string, number> = {};

  private producer(id: number): Producer {
    return {
      sendBatch: (batch: ProducerBatch) =>
        new Promise<RecordMetadata[]>((resolve, reject) => {
          this.inFlight += 1;
          this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
          this.events.push(
            `send ${id}: ${batch.topicMessages!.flatMap((t) => t.messages.map((m) => m.value)).join(',')}`,
          );
          this.requests.push({
            producer: id,
            batch,
            answer: (err) => {
              this.inFlight -= 1;
              if (err) reject(err);
              else resolve(batch.topicMessages!.map((t) => ({ topicName: t.topic, partition: 0, errorCode: 0 })));
            },
          });
        }),
    } as unknown as Producer;
  }

  async answer(i: number, err?: Error): Promise<void> {
    await tick();
    this.requests[i].answer(err);
    await tick();
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const tooLarge = () => Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' });

describe('IdempotentSendQueue', () => {
  it('keeps one request in flight; sends queued meanwhile share the next one', async () => {
    const fake = new FakeProducers();
    const queue = new IdempotentSendQueue(fake.handle, { acks: -1 });
    const first = queue.send({ topic: 't', messages: [{ key: 'k', value: 'a' }] });
    const rest = [
      queue.send({ topic: 't', messages: [{ key: 'k', value: 'b' }] }),
      queue.send({ topic: 'u', messages: [{ key: 'k', value: 'c' }] }),
    ];
    await fake.answer(0);
    // The second request: one sendBatch per partition (here one per topic), sent together.
    await fake.answer(1);
    await fake.answer(2);
    await expect(first).resolves.toEqual([{ topicName: 't', partition: 0, errorCode: 0 }]);
    await expect(Promise.all(rest)).resolves.toHaveLength(2);
    expect(fake.events).toEqual(['send 1: a', 'send 1: b', 'send 1: c']);
    expect(fake.maxInFlight).toBe(2);
    expect(fake.requests[1].batch.acks).toBe(-1);
  });

  it("sends one partition per sendBatch, each record on the partition kafkajs's default partitioner gives its key", async () => {
    const fake = new FakeProducers();
    fake.partitions = { t: 3 };
    const queue = new IdempotentSendQueue(fake.handle);
    const keys = Array.from({ length: 12 }, (_, i) => `order-${i}`);
    const first = queue.send({ topic: 't', messages: [{ key: 'warm-up', value: 'w' }] });
    const sends = keys.map((key) => queue.send({ topic: 't', messages: [{ key, value: key }] }));
    await fake.answer(0);
    await first;
    for (let i = 1; i < fake.requests.length; i += 1) await fake.answer(i);
    await Promise.all(sends);
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({
      partitionId,
      leader: 0,
      replicas: [],
      isr: [],
      partitionErrorCode: 0,
    }));
    const batches = fake.requests.slice(1).map((r) => r.batch.topicMessages!);
    expect(batches.every((b) => b.length === 1 && new Set(b[0].messages.map((m) => m.partition)).size === 1)).toBe(
      true,
    );
    expect(new Set(batches.map((b) => b[0].messages[0].partition)).size).toBeGreaterThan(1);
    for (const [{ messages }] of batches)
      for (const m of messages)
        expect(m.partition).toBe(partitioner({ topic: 't', partitionMetadata, message: { key: m.key, value: null } }));
    expect(batches.flatMap((b) => b[0].messages.map((m) => m.key)).sort()).toEqual([...keys].sort());
  });

  it('gives each keyless record a sendBatch of its own, its partition left to kafkajs (one with a leader)', async () => {
    const fake = new FakeProducers();
    fake.partitions = { t: 3 };
    const queue = new IdempotentSendQueue(fake.handle);
    const first = queue.send({ topic: 't', messages: [{ key: 'k', value: 'a' }] });
    const keyless = [
      queue.send({ topic: 't', messages: [{ key: null, value: 'b' }] }),
      queue.send({ topic: 't', messages: [{ value: 'c' }] }),
    ];
    await fake.answer(0);
    await first;
    await fake.answer(1);
    await fake.answer(2);
    await Promise.all(keyless);
    const sent = fake.requests
      .slice(1)
      .map((r) => r.batch.topicMessages![0].messages.map((m) => [m.value, m.partition]));
    expect(sent).toEqual([[['b', undefined]], [['c', undefined]]]);
  });

  it('fails only the sends of a partition whose sendBatch failed, and replaces the producer', async () => {
    const fake = new FakeProducers();
    const queue = new IdempotentSendQueue(fake.handle);
    const first = queue.send({ topic: 't', messages: [{ key: 'k', value: 'a' }] });
    const lost = queue.send({ topic: 't', messages: [{ key: 'k', value: 'b' }] }).catch((err: Error) => err.message);
    const other = queue.send({ topic: 'u', messages: [{ key: 'k', value: 'c' }] });
    await fake.answer(0);
    await first;
    await fake.answer(1, new Error('Connection closed'));
    await fake.answer(2);
    await expect(lost).resolves.toBe('Connection closed');
    await expect(other).resolves.toEqual([{ topicName: 'u', partition: 0, errorCode: 0 }]);
    expect(fake.events).toEqual(['send 1: a', 'send 1: b', 'send 1: c', 'replace 1']);
  });

  it('replaces the producer after a failed request, before anything else is sent', async () => {
    const fake = new FakeProducers();
    const queue = new IdempotentSendQueue(fake.handle);
    const failed = queue.send({ topic: 't', messages: [{ key: 'k', value: 'a' }] });
    failed.catch(() => undefined);
    const next = queue.send({ topic: 't', messages: [{ key: 'k', value: 'b' }] });
    await fake.answer(0, new Error('Connection closed'));
    await expect(failed).rejects.toThrow('Connection closed');
    await fake.answer(1);
    await expect(next).resolves.toHaveLength(1);
    // The record after the failed one goes out on a new producer (new id, sequences from 0).
    expect(fake.events).toEqual(['send 1: a', 'replace 1', 'send 2: b']);
  });

  it('sends each record of a request refused as too large on its own, so one record fails only itself', async () => {
    const fake = new FakeProducers();
    const queue = new IdempotentSendQueue(fake.handle);
    const first = queue.send({ topic: 't', messages: [{ key: 'k', value: 'a' }] });
    // Settled at once, so that its rejection is not unhandled while the test answers the requests.
    const big = queue.send({ topic: 't', messages: [{ key: 'k', value: 'big' }] }).catch((err: unknown) => err);
    const small = queue.send({ topic: 't', messages: [{ key: 'k', value: 'c' }] });
    await fake.answer(0);
    await fake.answer(1, tooLarge());
    await fake.answer(2, tooLarge());
    await fake.answer(3);
    await expect(first).resolves.toHaveLength(1);
    await expect(big).resolves.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
    await expect(small).resolves.toHaveLength(1);
    expect(fake.events).toEqual(['send 1: a', 'send 1: big,c', 'replace 1', 'send 2: big', 'replace 2', 'send 3: c']);
  });

  it('keeps a request under its byte budget', async () => {
    const fake = new FakeProducers();
    const queue = new IdempotentSendQueue(fake.handle);
    const value = 'x'.repeat(100 * 1024);
    const sends = [1, 2, 3, 4].map(() => queue.send({ topic: 't', messages: [{ key: 'k', value }] }));
    for (let i = 0; i < 3; i += 1) await fake.answer(i);
    await Promise.all(sends);
    expect(fake.requests.map((r) => r.batch.topicMessages![0].messages.length)).toEqual([1, 2, 1]);
  });
});
