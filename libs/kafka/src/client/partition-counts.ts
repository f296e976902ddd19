import type { SharedAdmin } from './shared-admin';

/** How long a topic's partition count is trusted: partitions are only ever added, and rarely. */
const MAX_AGE_MS = 60_000;

/** Topics' partition counts from the cluster's metadata, kept for a minute. */
export class PartitionCounts {
  private readonly counts = new Map<string, { count: number; at: number }>();

  constructor(private readonly admin: SharedAdmin) {}

  readonly of = async (topic: string): Promise<number> => {
    const known = this.counts.get(topic);
    if (known && Date.now() - known.at < MAX_AGE_MS) return known.count;
    let count: number;
    try {
      const { topics } = await this.admin.use((a) => a.fetchTopicMetadata({ topics: [topic] }));
      count = topics[0]?.partitions.length ?? 0;
    } catch (err) {
      // An older count beats none: it only misplaces keys if partitions were added meanwhile.
      if (!known) throw err;
      count = known.count;
    }
    if (count < 1) throw new Error(`topic ${topic} has no partitions in the cluster's metadata`);
    this.counts.set(topic, { count, at: Date.now() });
    return count;
  };
}
