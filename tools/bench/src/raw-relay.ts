// (C) in the benchmark: the services' work without NestJS and without tracing, on kafkajs alone.
// Per message the same as order-validation and kitchen-service with zero delays: the same zod
// parsing (parseOrder), the same business rules, the same duplicate memory (bounded LRU caches),
// the same values written (Order, OrderRejected, OrderReady), and the same delivery: exactly-once,
// a transactional producer per consumed partition, the consumed offsets committed inside the
// transaction, read_committed consumers. So B/C is what NestJS's path costs, and A/C adds tracing.
import { Kafka, KafkaMessage, Message, Producer, logLevel } from 'kafkajs';
import { LRUCache } from 'lru-cache';
import { TOPICS, firstRejection, kafkaBrokersFrom, orderReady, orderRejected, parseOrder } from '@ituna/contracts';

/** As the services: at most this many messages per transaction, and the same quick retry of CONCURRENT_TRANSACTIONS. */
const MAX_MESSAGES_PER_TRANSACTION = 500;
const TRANSACTION_RETRY = { initialRetryTime: 5, maxRetryTime: 2000, retries: 12 };
const blocked: ReadonlySet<string> = new Set();

const kafka = new Kafka({ clientId: 'bench-relay', brokers: kafkaBrokersFrom(), logLevel: logLevel.NOTHING });

type Output = { topic: string; message: Message };
type Transform = (message: KafkaMessage) => Output[];

/** order-validation's handler without NestJS: parse, skip what was validated, apply the three rules, republish. */
function validationStage(): Transform {
  const validated = new LRUCache<string, true>({ max: 100_000 });
  return (message) => {
    const parsed = parseOrder(message.value);
    if (!parsed.ok)
      return [
        {
          topic: TOPICS.ordersDlq,
          message: { key: message.key, value: message.value, headers: { 'ituna-dlq-reason': parsed.reason } },
        },
      ];
    const { order } = parsed;
    if (validated.has(order.orderId)) return [];
    const rejection = firstRejection(order, blocked);
    validated.set(order.orderId, true);
    if (!rejection) return [{ topic: TOPICS.kitchen, message: { key: order.orderId, value: JSON.stringify(order) } }];
    return [
      {
        topic: TOPICS.rejected,
        message: { key: order.orderId, value: JSON.stringify(orderRejected(order, rejection)) },
      },
    ];
  };
}

/** kitchen-service's handler without NestJS: parse, skip what was announced, announce the order ready. */
function kitchenStage(): Transform {
  const stages = new LRUCache<string, 'cooked' | 'announced'>({ max: 100_000 });
  return (message) => {
    const parsed = parseOrder(message.value);
    if (!parsed.ok)
      return [
        {
          topic: TOPICS.kitchenDlq,
          message: { key: message.key, value: message.value, headers: { 'ituna-dlq-reason': parsed.reason } },
        },
      ];
    const { order } = parsed;
    if (stages.get(order.orderId) === 'announced') return [];
    stages.set(order.orderId, 'cooked');
    stages.set(order.orderId, 'announced');
    return [{ topic: TOPICS.ready, message: { key: order.orderId, value: JSON.stringify(orderReady(order)) } }];
  };
}

async function relay(groupId: string, from: string, transform: Transform) {
  const producers = new Map<number, Promise<Producer>>();
  const producerOf = (partition: number) => {
    let p = producers.get(partition);
    if (!p) {
      const producer = kafka.producer({
        transactionalId: `${groupId}-${from}-${partition}`,
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: TRANSACTION_RETRY,
      });
      p = producer.connect().then(() => producer);
      producers.set(partition, p);
    }
    return p;
  };
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: 10_000,
    heartbeatInterval: 2_000,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: from, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const producer = await producerOf(batch.partition);
      for (let i = 0; i < batch.messages.length; i += MAX_MESSAGES_PER_TRANSACTION) {
        const messages = batch.messages.slice(i, i + MAX_MESSAGES_PER_TRANSACTION);
        const byTopic = new Map<string, Message[]>();
        for (const { topic, message } of messages.flatMap(transform))
          byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
        const last = messages[messages.length - 1];
        const transaction = await producer.transaction();
        try {
          if (byTopic.size)
            await transaction.sendBatch({
              acks: -1,
              topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
            });
          await transaction.sendOffsets({
            consumerGroupId: groupId,
            topics: [
              { topic: from, partitions: [{ partition: batch.partition, offset: String(Number(last.offset) + 1) }] },
            ],
          });
          await transaction.commit();
        } catch (err) {
          await transaction.abort().catch(() => undefined);
          throw err;
        }
        resolveOffset(last.offset);
        await heartbeat();
      }
    },
  });
  return { consumer, producers };
}

async function main() {
  const relays = [
    await relay('bench-relay-validation', TOPICS.orders, validationStage()),
    await relay('bench-relay-kitchen', TOPICS.kitchen, kitchenStage()),
  ];
  process.send?.('ready');
  const stop = async () => {
    for (const { consumer, producers } of relays) {
      await consumer.disconnect();
      await Promise.all([...producers.values()].map(async (p) => (await p).disconnect()));
    }
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
