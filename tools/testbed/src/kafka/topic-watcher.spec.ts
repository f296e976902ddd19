import type { ConsumerConfig, Kafka, RetryOptions } from 'kafkajs';
import { TopicWatcher } from './topic-watcher';

/** A kafkajs client that answers what the watcher asks, and keeps the consumer's settings. */
function fakeKafka() {
  const settings: ConsumerConfig[] = [];
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({
      topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })),
    }),
    fetchTopicOffsets: async () => [{ partition: 0, offset: '0', high: '0', low: '0' }],
  };
  const consumer = (config: ConsumerConfig) => {
    settings.push(config);
    let joined: (() => void) | undefined;
    return {
      events: { GROUP_JOIN: 'join', END_BATCH_PROCESS: 'end' },
      connect: async () => undefined,
      subscribe: async () => undefined,
      on: (event: string, listener: () => void) => (event === 'join' ? (joined = listener) : undefined),
      run: async () => joined?.(),
      seek: () => undefined,
      disconnect: async () => undefined,
    };
  };
  return { kafka: { admin: () => admin, consumer } as unknown as Kafka, settings };
}

describe('TopicWatcher', () => {
  it('lets kafkajs restart its crashed consumer while it runs, never once stop() was called', async () => {
    // The trigger: a broker fault crashes the consumer just before the run ends; kafkajs's crash
    // handler disconnects, then asks whether to restart. A stop() during that disconnect used to
    // be followed by a restart, and a consumer left running crashed again in the next test file.
    const { kafka, settings } = fakeKafka();
    const watcher = await new TopicWatcher(['orders'], { kafka }).start();
    const retry = settings[0].retry as RetryOptions & { restartOnFailure: (e: Error) => Promise<boolean> };
    await expect(retry.restartOnFailure(new Error('crash'))).resolves.toBe(true);
    await watcher.stop();
    await expect(retry.restartOnFailure(new Error('crash'))).resolves.toBe(false);
    expect(retry.retries).toBe(5);
  });
});
