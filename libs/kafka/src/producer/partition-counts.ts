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
  private closed = false;

  constructor(private readonly createAdmin: () => Admin) {}

  readonly of = async (topic: string): Promise<number> => {
    const known = this.counts.get(topic);
    if (known && Date.now() - known.at < MAX_AGE_MS) return known.count;
    if (this.closed) throw new Error('the partition counts were closed');
    let count: number;
    const connecting = this.connected();
    try {
      const { topics } = await (await connecting).fetchTopicMetadata({ topics: [topic] });
      count = topics[0]?.partitions.length ?? 0;
    } catch (err) {
      // This admin goes, unless another question has replaced it already.
      if (this.admin === connecting) this.admin = undefined;
      void connecting.then((admin) => admin.disconnect()).catch(() => undefined);
      // An older count beats none: it only misplaces keys if partitions were added meanwhile.
      if (!known) throw err;
      count = known.count;
    }
    if (count < 1) throw new Error(`topic ${topic} has no partitions in the cluster's metadata`);
    this.counts.set(topic, { count, at: Date.now() });
    return count;
  };

  /** Closes the admin for good: the client is shutting down. */
  async disconnect(): Promise<void> {
    this.closed = true;
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
