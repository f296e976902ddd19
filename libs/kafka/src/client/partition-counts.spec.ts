import type { Admin } from 'kafkajs';
import { PartitionCounts } from './partition-counts';
import { SharedAdmin } from './shared-admin';

/** An admin whose metadata answers are the test's: a count, or an error. */
function counts(answers: (number | Error)[]) {
  const asked: string[] = [];
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
      asked.push(topics[0]);
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return { topics: [{ name: topics[0], partitions: Array.from({ length: answer ?? 0 }, () => ({})) }] };
    },
  } as unknown as Admin;
  return { asked, partitionCounts: new PartitionCounts(new SharedAdmin(() => admin)) };
}

describe('PartitionCounts', () => {
  afterEach(() => jest.useRealTimers());

  it('asks the cluster once a minute per topic', async () => {
    jest.useFakeTimers({ now: 0 });
    const { asked, partitionCounts } = counts([3, 6]);
    expect(await partitionCounts.of('t')).toBe(3);
    expect(await partitionCounts.of('t')).toBe(3);
    jest.setSystemTime(61_000);
    expect(await partitionCounts.of('t')).toBe(6);
    expect(asked).toEqual(['t', 't']);
  });

  it('keeps an older count when the cluster cannot answer, and fails without one', async () => {
    jest.useFakeTimers({ now: 0 });
    const { partitionCounts } = counts([3, new Error('Connection error'), new Error('Connection error')]);
    expect(await partitionCounts.of('t')).toBe(3);
    jest.setSystemTime(61_000);
    expect(await partitionCounts.of('t')).toBe(3);
    await expect(partitionCounts.of('u')).rejects.toThrow('Connection error');
  });

  it('refuses a topic the metadata shows without partitions', async () => {
    await expect(counts([0]).partitionCounts.of('gone')).rejects.toThrow('topic gone has no partitions');
  });
});
