import { Partitioners } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { KafkaOutbox, type OutboxTarget } from './outbox';

function target(processed: string[] = [], partitionCount = async () => 3): OutboxTarget {
  return { partitionCount, isProcessed: (key) => processed.includes(key) };
}

describe('KafkaOutbox', () => {
  it("stages a record in the partition kafkajs's default partitioner gives its key, and answers with it", async () => {
    const outbox = new KafkaOutbox(target());
    const answer = await lastValueFrom(outbox.emit('orders-ready', { key: 'order-17', value: { dish: 'maki' } }));
    const expected = Partitioners.DefaultPartitioner()({
      topic: 'orders-ready',
      partitionMetadata: [0, 1, 2].map((partitionId) => ({ partitionId, leader: 0 })) as never,
      message: { key: 'order-17', value: null },
    });
    expect(answer).toEqual([{ partition: expected }]);
    expect(outbox.content.records).toEqual([
      {
        topic: 'orders-ready',
        partition: expected,
        message: { key: 'order-17', value: '{"dish":"maki"}', headers: {}, partition: expected },
      },
    ]);
  });

  it('knows the keys marked by its own handler and those its worker knows; a new try forgets its own', () => {
    const outbox = new KafkaOutbox(target(['committed-1']));
    outbox.markProcessed('mine');
    outbox.markProcessed('mine');
    expect([outbox.hasProcessed('mine'), outbox.hasProcessed('committed-1'), outbox.hasProcessed('other')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(outbox.content.marks).toEqual(['mine']);
    outbox.discard();
    expect(outbox.hasProcessed('mine')).toBe(false);
  });

  it('reports a record it cannot place through the Observable only', async () => {
    const outbox = new KafkaOutbox(
      target([], async () => {
        throw new Error('Connection error');
      }),
    );
    await expect(lastValueFrom(outbox.emit('orders-ready', 'v'))).rejects.toThrow('Connection error');
    expect(outbox.content.records).toEqual([]);
  });
});
