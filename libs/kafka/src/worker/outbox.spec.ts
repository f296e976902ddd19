import { Partitioners, type RecordMetadata } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { KafkaOutbox, type OutboxTarget } from './outbox';

function target(stages: boolean, processed: string[] = []): OutboxTarget & { sent: string[] } {
  const sent: string[] = [];
  return {
    stages,
    sent,
    partitionCount: async () => 3,
    send: async (topic, message) => {
      sent.push(`${topic} ${message.value}`);
      return [{ topicName: topic, partition: 2, errorCode: 0, baseOffset: '9' }] as RecordMetadata[];
    },
    isProcessed: (key) => processed.includes(key),
  };
}

describe('KafkaOutbox', () => {
  it("stages a record in the partition kafkajs's default partitioner gives its key, and answers with it", async () => {
    const outbox = new KafkaOutbox(target(true));
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

  it('sends at once when it does not stage, answering with the broker acknowledgement', async () => {
    const t = target(false);
    const outbox = new KafkaOutbox(t);
    const answer = await lastValueFrom(outbox.emit('orders-ready', 'plain'));
    expect(t.sent).toEqual(['orders-ready plain']);
    expect(answer).toEqual([expect.objectContaining({ partition: 2, baseOffset: '9' })]);
    expect(outbox.content.records).toEqual([]);
  });

  it('knows the keys marked by its own handler and those its worker knows; a new try forgets its own', () => {
    const outbox = new KafkaOutbox(target(true, ['committed-1']));
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

  it('reports a write that fails through the Observable only', async () => {
    const t = target(false);
    t.send = async () => {
      throw new Error('Connection error');
    };
    const outbox = new KafkaOutbox(t);
    await expect(lastValueFrom(outbox.emit('orders-ready', 'v'))).rejects.toThrow('Connection error');
  });
});
