import { randomUUID } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaClient, KafkaProducerClient, kafkaClientConfig, kafkaSettings } from '@ituna/kafka';
import { sleep } from '../support/fixtures';
import { withKafkaFrozen } from '../support/stack-control';
import { kafka } from '@ituna/testbed';

/** Gives up on an answer after 1.5 s, one retry: the frozen broker outlasts both. */
const IMPATIENT = { requestTimeout: 1500, retry: { retries: 1, initialRetryTime: 100 } };

/**
 * A write the broker takes while its answer is lost (a timeout, a broker going down) is, for the
 * producer, a failed one. kafkajs 2.2.4's idempotent producer then rewinds its sequence number, so
 * the next record carries the failed one's number and the broker acknowledges it as a duplicate
 * without writing it: the order answered 503 exists, the next one answered 202 does not. Seen
 * once in the broker-restart test (1 of 539 accepted orders lost, 1 of 160 refused ones present).
 * Here the broker is frozen (SIGSTOP) during one write, so the condition is made on purpose.
 */
describe('a write whose acknowledgement was lost', () => {
  const admin = kafka.admin();
  const topics: string[] = [];

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  async function freshTopic(): Promise<string> {
    const topic = `e2e-lost-ack-${randomUUID()}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    topics.push(topic);
    return topic;
  }

  /** Writes 'before', then 'lost-answer' with the broker frozen (its send fails), then 'after'; returns what the topic holds. */
  async function writeAcrossAFreeze(
    send: (topic: string, value: string) => Promise<unknown>,
  ): Promise<{ failed: string; after: string; onTopic: string[] }> {
    const topic = await freshTopic();
    await send(topic, 'before');
    const failed = await withKafkaFrozen(() =>
      send(topic, 'lost-answer').then(
        () => 'acknowledged',
        (err: Error) => err.name,
      ),
    );
    await sleep(500);
    const after = await send(topic, 'after').then(
      () => 'acknowledged',
      (err: Error) => err.name,
    );
    return { failed, after, onTopic: await readAll(topic) };
  }

  async function readAll(topic: string): Promise<string[]> {
    const [{ high }] = await admin.fetchTopicOffsets(topic);
    const groupId = `e2e-lost-ack-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId });
    const values: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void values.push(String(message.value)) });
    for (const deadline = Date.now() + 15_000; values.length < Number(high) && Date.now() < deadline;) await sleep(100);
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    return values;
  }

  it('kafkajs alone acknowledges the next record and drops it (the defect)', async () => {
    const client = new Kafka({
      ...kafkaClientConfig('e2e-lost-ack-kafkajs'),
      ...IMPATIENT,
      logLevel: logLevel.NOTHING,
    });
    const producer = client.producer({ idempotent: true, retry: IMPATIENT.retry });
    await producer.connect();
    try {
      const result = await writeAcrossAFreeze((topic, value) =>
        producer.send({ topic, acks: -1, messages: [{ value }] }),
      );
      console.log(
        `kafkajs alone: the frozen write ${result.failed}, the next ${result.after}; on the topic: ${result.onTopic.join(', ')}`,
      );
      expect(result.failed).not.toBe('acknowledged');
      expect(result.after).toBe('acknowledged');
      // The condition is real: the write that failed is there, the acknowledged one is not.
      expect(result.onTopic).toEqual(['before', 'lost-answer']);
    } finally {
      await producer.disconnect();
    }
  }, 60_000);

  it("ITuna's producer (KafkaProducerClient) writes every record it acknowledged", async () => {
    const settings = kafkaSettings('e2e-lost-ack-ituna');
    const kafkaClient = new KafkaClient({
      ...settings,
      client: { ...settings.client, ...IMPATIENT, logLevel: logLevel.NOTHING },
    });
    const client = new KafkaProducerClient(kafkaClient, {
      producerOnlyMode: true,
      producer: { idempotent: true, allowAutoTopicCreation: false, retry: IMPATIENT.retry },
      send: { acks: -1 },
    });
    await client.connect();
    try {
      const result = await writeAcrossAFreeze((topic, value) =>
        lastValueFrom(client.emit(topic, { value }), { defaultValue: undefined }),
      );
      console.log(
        `ITuna's producer: the frozen write ${result.failed}, the next ${result.after}; on the topic: ${result.onTopic.join(', ')}`,
      );
      expect(result.failed).not.toBe('acknowledged');
      expect(result.after).toBe('acknowledged');
      expect(result.onTopic).toEqual(['before', 'lost-answer', 'after']);
    } finally {
      await client.close();
      await kafkaClient.onApplicationShutdown();
    }
  }, 60_000);
});
