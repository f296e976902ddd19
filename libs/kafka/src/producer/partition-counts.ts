import type { Admin } from 'kafkajs';

/** How long a topic's partition count is trusted: partitions are only ever added, and rarely. */
const MAX_AGE_MS = 60_000;

/**
 * Topics' partition counts from the cluster's metadata, kept for a minute, through an admin of its
 * own (connected at first use, replaced after a failure): a failed question here never disturbs
 * another client's.
 */
export class PartitionCounts {
  private readonly counts = new Map<string, { count: number; at: number }>();
  private admin?: Promise<Admin>;

  constructor(private readonly createAdmin: () => Admin) {}

  readonly of = async (topic: string): Promise<number> => {
    const known = this.counts.get(topic);
    if (known && Date.now() - known.at < MAX_AGE_MS) return known.count;
    let count: number;
    try {
      const { topics } = await (await this.connected()).fetchTopicMetadata({ topics: [topic] });
      count = topics[0]?.partitions.length ?? 0;
    } catch (err) {
      void this.disconnect();
      // An older count beats none: it only misplaces keys if partitions were added meanwhile.
      if (!known) throw err;
      count = known.count;
    }
    if (count < 1) throw new Error(`topic ${topic} has no partitions in the cluster's metadata`);
    this.counts.set(topic, { count, at: Date.now() });
    return count;
  };

  async disconnect(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }

  private connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.createAdmin();
      this.admin = admin.connect().then(() => admin);
    }
    return this.admin;
  }
}
