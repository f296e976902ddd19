import type { Admin } from 'kafkajs';

/** How long a topic's partition count is trusted: partitions are only ever added, and rarely. */
const MAX_AGE_MS = 60_000;

/** Topics' partition counts from the cluster's metadata, asked through an admin and kept for a minute. */
export class PartitionCounts {
  private readonly counts = new Map<string, { count: number; at: number }>();

  /** `withAdmin` runs a question against a connected admin (and drops it if the question fails). */
  constructor(private readonly withAdmin: <T>(ask: (admin: Admin) => Promise<T>) => Promise<T>) {}

  readonly of = async (topic: string): Promise<number> => {
    const known = this.counts.get(topic);
    if (known && Date.now() - known.at < MAX_AGE_MS) return known.count;
    const { topics } = await this.withAdmin((admin) => admin.fetchTopicMetadata({ topics: [topic] })).catch(
      (err: unknown) => {
        // An older count beats none: it only misplaces keys if partitions were added meanwhile.
        if (known) return { topics: [{ partitions: { length: known.count } }] };
        throw err;
      },
    );
    const count = topics[0]?.partitions.length ?? 0;
    if (count < 1) throw new Error(`topic ${topic} has no partitions in the cluster's metadata`);
    this.counts.set(topic, { count, at: Date.now() });
    return count;
  };
}
