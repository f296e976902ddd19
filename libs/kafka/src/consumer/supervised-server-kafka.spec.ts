import { Logger } from '@nestjs/common';
import type { Consumer, ConsumerRunConfig, EachBatchPayload, EachMessagePayload } from 'kafkajs';
import { SupervisedServerKafka } from './supervised-server-kafka';

/** A server in exactly-once mode whose consumer hands eachBatch one batch of the given offsets. */
async function runBatch(offsets: string[], committedAtClaim: () => Promise<bigint | undefined>) {
  const server = new SupervisedServerKafka(
    { client: { brokers: ['127.0.0.1:1'] } },
    { onConsumer: () => undefined, batchCommits: true, committedAtClaim },
  );
  server.addHandler('kitchen-orders', async () => undefined, true);
  const handled: string[] = [];
  const resolved: string[] = [];
  let heartbeats = 0;
  jest.spyOn(server, 'handleMessage').mockImplementation(async ({ message }: EachMessagePayload) => {
    handled.push(message.offset);
  });
  let config: ConsumerRunConfig = {};
  const consumer = {
    subscribe: async () => undefined,
    run: async (c: ConsumerRunConfig) => void (config = c),
  } as unknown as Consumer;
  await server.bindEvents(consumer);
  await config.eachBatch!({
    batch: { topic: 'kitchen-orders', partition: 0, messages: offsets.map((offset) => ({ offset })) },
    resolveOffset: (offset: string) => void resolved.push(offset),
    heartbeat: async () => void heartbeats++,
    pause: () => () => undefined,
    isRunning: () => true,
    isStale: () => false,
  } as unknown as EachBatchPayload);
  return { handled, resolved, heartbeats };
}

describe('SupervisedServerKafka', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it("skips what the partition's previous holder committed after kafkajs read the group's offset", async () => {
    const { handled, resolved } = await runBatch(['40', '41', '42', '43'], async () => 42n);
    expect(handled).toEqual(['42', '43']);
    expect(resolved).toEqual(['40', '41', '42', '43']);
  });

  it('handles every message when the offset at the claim is unknown', async () => {
    const { handled } = await runBatch(['40', '41'], async () => undefined);
    expect(handled).toEqual(['40', '41']);
  });

  it('heartbeats while the claim waits on Kafka, so that the member is not taken for dead', async () => {
    const slowClaim = () => new Promise<bigint>((resolve) => setTimeout(() => resolve(41n), 1_300));
    const { handled, heartbeats } = await runBatch(['41'], slowClaim);
    expect(handled).toEqual(['41']);
    // One beat during the wait, one after the message.
    expect(heartbeats).toBe(2);
  });
});
