/**
 * The changelog of a service's processed keys for one consumed topic (Kafka Streams' naming:
 * `<application>-<store>-changelog`). It has the consumed topic's partition count: the keys marked
 * while handling partition p are written to its partition p, in the same transaction as the
 * handler's records and the offset, so the changelog's partition p is the record of what partition
 * p's messages did.
 */
export function changelogTopicOf(serviceName: string, consumedTopic: string): string {
  return `${serviceName}-${consumedTopic}-processed-changelog`;
}

/** How long a processed key is kept: a duplicate arriving later than this is processed again. */
export const PROCESSED_KEY_RETENTION_MS = 7 * 24 * 60 * 60_000;

/** Compacted (one record per key) and deleted after the retention. */
export const CHANGELOG_TOPIC_CONFIG = [
  { name: 'cleanup.policy', value: 'compact,delete' },
  { name: 'retention.ms', value: String(PROCESSED_KEY_RETENTION_MS) },
];
