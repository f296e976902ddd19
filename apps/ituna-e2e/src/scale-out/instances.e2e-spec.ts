import { TOPICS, instanceId, processSpanOf } from '@ituna/contracts';
import { insightsCli } from '../support/cli';
import { partitionsPerMember, post, PORTS, ServiceFleet, TopicWatcher, kafka } from '@ituna/testbed';
import { waitForTrace } from '../support/jaeger';
import { TraceView } from '../support/trace-assertions';

const ORDERS = 40;

describe('several instances of a service: one consumer group, partitions spread, the trace naming the instance', () => {
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true' });
  const watcher = new TopicWatcher([TOPICS.ready]);
  const since = new Date().toISOString();
  const placed: { orderId: string; traceId: string }[] = [];

  beforeAll(async () => {
    await watcher.start();
    await fleet.start(
      ['website-ordering', 'order-validation', 'kitchen-service'],
      {},
      {
        'order-validation': 2,
        'kitchen-service': 2,
      },
    );
    for (let i = 0; i < ORDERS; i++) {
      const answer = await post(PORTS['website-ordering'], '/orders', {
        items: { 'TUNA MAKI': 1 },
        address: `${i + 1} Kelp Close`,
      });
      expect(answer.status).toBe(202);
      placed.push(answer.body);
    }
    await Promise.all(
      placed.map((o) => watcher.waitFor((m) => m.topic === TOPICS.ready && m.key === o.orderId, 60_000)),
    );
  }, 180_000);

  afterAll(async () => {
    await fleet.stop();
    await watcher.stop();
  });

  it('runs each instance on its own port, its consumers in the one group of their service, splitting the partitions', async () => {
    expect([...fleet.running.values()].map((s) => `${s.key}:${s.port}`).sort()).toEqual([
      'kitchen-service-2:3105',
      'kitchen-service:3005',
      'order-validation-2:3104',
      'order-validation:3004',
      'website-ordering:3001',
    ]);
    for (const [group, topic] of [
      ['order-validation', TOPICS.orders],
      ['kitchen-service', TOPICS.kitchen],
    ] as const) {
      const split = await partitionsPerMember(kafka, `${group}-server`, topic);
      // Two members, every partition assigned once: at most one active consumer per partition.
      expect(split).toHaveLength(2);
      expect(split.flat().sort()).toEqual([0, 1, 2]);
      console.log(`${group}: ${topic} partitions per instance ${JSON.stringify(split)}`);
    }
  });

  it("names in each hop's spans the instance that did it, and both instances of each service took orders", async () => {
    const seen = { 'order-validation': new Set<string>(), 'kitchen-service': new Set<string>() };
    for (const { traceId } of placed) {
      const view = new TraceView(
        await waitForTrace(traceId, { has: [processSpanOf(TOPICS.orders), processSpanOf(TOPICS.kitchen)] }),
      );
      for (const [service, topic] of [
        ['order-validation', TOPICS.orders],
        ['kitchen-service', TOPICS.kitchen],
      ] as const) {
        const consumer = view.one(processSpanOf(topic));
        const instance = view.instanceOf(consumer);
        expect([instance, view.serviceOf(consumer)]).toEqual([
          expect.stringMatching(new RegExp(`^${service}-[12]$`)),
          service,
        ]);
        seen[service].add(String(instance));
      }
    }
    expect([...seen['order-validation']].sort()).toEqual([
      instanceId('order-validation', 1),
      instanceId('order-validation', 2),
    ]);
    expect([...seen['kitchen-service']].sort()).toEqual([
      instanceId('kitchen-service', 1),
      instanceId('kitchen-service', 2),
    ]);
  });

  it('report breaks a stage down per instance', () => {
    const { code, stdout } = insightsCli('report', '--since', since, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const validate = report.stages.find((s: { stage: string }) => s.stage === 'validate-order');
    expect(validate.instances.map((i: { instance: string }) => i.instance)).toEqual([
      'order-validation-1',
      'order-validation-2',
    ]);
    const counts = validate.instances.map((i: { duration: { count: number } }) => i.duration.count);
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(validate.duration.count);
    const text = insightsCli('report', '--since', since).stdout;
    expect(text).toMatch(/^\s+kitchen-service-2\s+\d+/m);
    console.log(text);
  });
});
