import type { Admin } from 'kafkajs';
import { isServiceGroup, readConsumerLag } from './consumer-lag';

describe('readConsumerLag', () => {
  const admin = {
    listGroups: async () => ({
      groups: [
        { groupId: 'order-validation-server' },
        { groupId: 'kcat-reader' },
        { groupId: 'kitchen-service-server' },
      ],
    }),
    fetchOffsets: async ({ groupId }: { groupId: string }) =>
      groupId === 'order-validation-server'
        ? [
            {
              topic: 'ituna-orders',
              partitions: [
                { partition: 0, offset: '10' },
                { partition: 1, offset: '-1' },
              ],
            },
            { topic: 'someone-elses', partitions: [{ partition: 0, offset: '1' }] },
          ]
        : [{ topic: 'kitchen-orders', partitions: [{ partition: 0, offset: '5' }] }],
    fetchTopicOffsets: async (topic: string) =>
      topic === 'ituna-orders'
        ? [
            { partition: 0, high: '14', low: '0' },
            { partition: 1, high: '9', low: '6' },
          ]
        : [{ partition: 0, high: '5', low: '0' }],
  } as unknown as Admin;

  it("is each service group's end offset less its committed one, on ITuna's topics only", async () => {
    expect(await readConsumerLag(admin)).toEqual([
      { group: 'kitchen-service-server', topic: 'kitchen-orders', partition: 0, committed: 5, end: 5, lag: 0 },
      { group: 'order-validation-server', topic: 'ituna-orders', partition: 0, committed: 10, end: 14, lag: 4 },
      // Nothing committed yet: behind by all the partition still holds.
      { group: 'order-validation-server', topic: 'ituna-orders', partition: 1, committed: -1, end: 9, lag: 3 },
    ]);
  });

  it('takes the groups the services name after themselves', () => {
    expect(['order-validation-server', 'kitchen-service-server', 'kcat-reader'].map(isServiceGroup)).toEqual([
      true,
      true,
      false,
    ]);
  });
});
