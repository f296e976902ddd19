import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { TOPICS } from '@ituna/contracts';

/** When each order appeared on `orders-ready` (performance.now()), from the moment `watchReady` resolves. */
export interface ReadyWatcher {
  arrivals: Map<string, number>;
  waitFor(ids: readonly string[], timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function watchReady(kafka: Kafka): Promise<ReadyWatcher> {
  const arrivals = new Map<string, number>();
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(TOPICS.ready);
  await admin.disconnect();
  // read_committed (kafkajs's default), as a real reader of the topic: an order counts once its transaction commits.
  const consumer = kafka.consumer({ groupId: `bench-watch-${randomUUID()}`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.ready, fromBeginning: false });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ message }) => {
      if (message.key) arrivals.set(message.key.toString(), performance.now());
    },
  });
  await joined;
  for (const p of ends) consumer.seek({ topic: TOPICS.ready, partition: p.partition, offset: p.high });
  return {
    arrivals,
    async waitFor(ids, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (ids.some((id) => !arrivals.has(id))) {
        if (Date.now() > deadline)
          throw new Error(
            `${ids.filter((id) => !arrivals.has(id)).length} of ${ids.length} orders not ready after ${timeoutMs} ms`,
          );
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async stop() {
      await consumer.disconnect();
    },
  };
}
