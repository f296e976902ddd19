import { ALL_TOPICS, SPANS, TOPICS, processSpanOf, sendSpanOf } from '@ituna/contracts';
import { ConfigResourceTypes } from 'kafkajs';
import { post, KafkaCluster, PORTS, ServiceFleet } from '@ituna/testbed';
import { waitForTrace } from '../support/jaeger';
import { watchOrdersReady } from '../support/second-broker';
import { TraceView } from '../support/trace-assertions';

/** The same services, unchanged, on a three-node cluster: KAFKA_BROKERS is all they are told. */
describe('a three-node Kafka cluster (KRaft, each node broker and controller)', () => {
  const cluster = new KafkaCluster();
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true', ...cluster.env() });

  beforeAll(async () => {
    const startedAt = Date.now();
    await cluster.start();
    console.log(`three-node cluster up in ${Date.now() - startedAt} ms`);
    await fleet.start(['website-ordering', 'order-validation', 'kitchen-service']);
  }, 240_000);

  afterAll(async () => {
    await fleet.stop();
    await cluster.stop();
  }, 90_000);

  it('holds every ITuna topic and the group offsets in three in-sync replicas, writes needing two', async () => {
    const admin = cluster.client().admin();
    await admin.connect();
    try {
      const topics = [...ALL_TOPICS, '__consumer_offsets'];
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      for (const topic of metadata) {
        for (const p of topic.partitions) {
          expect({
            topic: topic.name,
            partition: p.partitionId,
            replicas: p.replicas.length,
            isr: p.isr.length,
          }).toEqual({
            topic: topic.name,
            partition: p.partitionId,
            replicas: 3,
            isr: 3,
          });
        }
      }
      // The contract's partition count is kept: replication is added, nothing else changes.
      expect(metadata.filter((t) => t.name !== '__consumer_offsets').map((t) => t.partitions.length)).toEqual(
        ALL_TOPICS.map(() => 3),
      );
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: ALL_TOPICS.map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: ['min.insync.replicas'],
        })),
      });
      expect(resources.map((r) => [r.resourceName, r.configEntries[0].configValue])).toEqual(
        ALL_TOPICS.map((t) => [t, '2']),
      );
      const leaders = new Set(metadata.flatMap((t) => t.partitions.map((p) => p.leader)));
      console.log(
        `cluster: ${metadata.length} topics, every partition on 3 replicas, 3 in sync; leaders on nodes ${[...leaders].sort().join(', ')}`,
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('takes an order from the website to the plate, in one trace across the three services', async () => {
    const ready = await watchOrdersReady(cluster.client('e2e-cluster-ready'));
    try {
      const answer = await post(PORTS['website-ordering'], '/orders', {
        items: { 'TUNA NIGIRI': 1 },
        address: '1 Pier Way',
      });
      expect(answer.status).toBe(202);
      expect(await ready.waitFor(answer.body.orderId)).toBe(true);
      const trace = new TraceView(
        await waitForTrace(answer.body.traceId, {
          has: [SPANS.placeOrder, processSpanOf(TOPICS.orders), SPANS.cookOrder, sendSpanOf(TOPICS.ready)],
        }),
      );
      expect(trace.services()).toEqual(['kitchen-service', 'order-validation', 'website-ordering']);
      trace.chain(sendSpanOf(TOPICS.orders), processSpanOf(TOPICS.orders), SPANS.validateOrder);
    } finally {
      await ready.stop();
    }
  });
});
