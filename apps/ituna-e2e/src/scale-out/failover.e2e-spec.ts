import { TOPICS, processSpanOf, sendSpanOf } from '@ituna/contracts';
import { summarize } from '@ituna/trace-analysis';
import {
  partitionsPerMember,
  waitForStableGroup,
  KafkaCluster,
  Attempt,
  SteadyLoad,
  stopRunningLoads,
  tally,
  ServiceFleet,
  instanceKey,
  TopicWatcher,
} from '@ituna/testbed';
import { sleep } from '../support/fixtures';
import { waitForTrace } from '../support/jaeger';
import { TraceView } from '../support/trace-assertions';

/**
 * Orders a second. Three brokers, seven services and Jaeger share two cores, and the brokers cost
 * about 0.1 core per order a second (a transaction per order and hop, each replicated three times;
 * KafkaCluster's brokers compile with C1 only, so that they are not slow for their first minute).
 * At 20 they took nearly both cores, a restarting instance queued behind them for CPU and orders
 * waited for CPU, not for a rebalance. At 10 they leave room and the waits measure the rebalances.
 */
const RATE = 10;
/** The consumers' session timeout (libs/kafka): a member that stops heartbeating is out after it. */
const SESSION_TIMEOUT_MS = 10_000;

const statuses = (attempts: Attempt[]) =>
  attempts.reduce<Record<number, number>>((acc, a) => ((acc[a.status] = (acc[a.status] ?? 0) + 1), acc), {});

/**
 * The same services, unchanged, on a three-node cluster with two instances of order-validation and
 * kitchen-service, under 10 orders/s over HTTP, while an instance dies, or every instance restarts
 * in turn. (Brokers killed and frozen: nemesis/coordinators and nemesis/chaos.)
 */
describe('failover on a three-node cluster under load', () => {
  const cluster = new KafkaCluster();
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true', ...cluster.env() });
  let watcher: TopicWatcher;

  beforeAll(async () => {
    await cluster.start();
    await fleet.start(
      ['website-ordering', 'onsite-ordering', 'direct-kitchen-ordering', 'order-validation', 'kitchen-service'],
      {},
      { 'order-validation': 2, 'kitchen-service': 2 },
    );
    watcher = await new TopicWatcher([TOPICS.ready, TOPICS.rejected], { kafka: cluster.client('e2e-watch') }).start();
  }, 240_000);

  afterAll(async () => {
    await stopRunningLoads();
    await fleet.stop();
    await watcher?.stop();
    await cluster.stop();
  }, 120_000);

  /** What happened to orders announced twice: their traces' spans, by instance and time. */
  async function explain(orderIds: string[], attempts: Attempt[]): Promise<void> {
    for (const id of orderIds.slice(0, 3)) {
      const attempt = attempts.find((a) => a.orderId === id)!;
      const view = new TraceView(await waitForTrace(attempt.traceId!, { has: [sendSpanOf(TOPICS.ready)] }));
      const t0 = Math.min(...view.trace.spans.map((s) => s.startTime));
      const lines = [...view.trace.spans]
        .sort((a, b) => a.startTime - b.startTime)
        .map(
          (s) =>
            `  +${((s.startTime - t0) / 1000).toFixed(1)} ms ${view.instanceOf(s) ?? view.serviceOf(s)} ${s.operationName} (${(s.duration / 1000).toFixed(1)} ms)`,
        );
      const ready = watcher.byKey(TOPICS.ready, id).map((m) => `partition ${m.partition} offset ${m.offset}`);
      console.log(`order ${id} announced twice (${ready.join('; ')}); its trace:\n${lines.join('\n')}`);
    }
  }

  it('moves the partitions of a SIGKILLed order-validation instance to the other once its session has timed out, losing nothing', async () => {
    const group = 'order-validation-server';
    // Its members may still be joining after the fleet's start.
    const { waitedMs } = await waitForStableGroup(cluster.client('e2e-cluster-probe'), group, TOPICS.orders, {
      members: 2,
      partitions: 3,
    });
    const load = new SteadyLoad(RATE).start();
    await sleep(4_000);
    const killedAt = Date.now();
    await fleet.stopOne('order-validation-2', 'SIGKILL');
    let takeoverMs = NaN;
    while (Date.now() - killedAt < SESSION_TIMEOUT_MS + 15_000) {
      const split = await partitionsPerMember(cluster.client('e2e-cluster-probe'), group, TOPICS.orders);
      if (split.length === 1 && split[0].length === 3) {
        takeoverMs = Date.now() - killedAt;
        break;
      }
      await sleep(250);
    }
    await sleep(4_000);
    const attempts = await load.stop();
    const outcome = await tally(watcher, load.accepted(), 90_000);
    // The orders around the kill: each trace shows the processing that completed; one whose first
    // attempt was cut off shows that attempt too when its spans were exported before the kill.
    const around = attempts.filter((a) => a.status === 202 && Math.abs(a.at - killedAt) < 2_000);
    let cutOff = 0;
    for (const { traceId } of around) {
      const view = new TraceView(await waitForTrace(traceId!, { has: [sendSpanOf(TOPICS.ready)] }));
      const tries = view.all(processSpanOf(TOPICS.orders));
      if (tries.length > 1) {
        cutOff++;
        expect(new Set(tries.map((s) => view.instanceOf(s))).size).toBe(2);
      }
    }
    console.log(
      `order-validation group stable with 2 members ${waitedMs} ms into the test; ` +
        `order-validation-2 SIGKILL: order-validation-1 held all 3 partitions ${takeoverMs} ms after the kill (session timeout ${SESSION_TIMEOUT_MS} ms); ` +
        `${attempts.length} POSTs at ${load.rate().toFixed(1)}/s ${JSON.stringify(statuses(attempts))}; ${JSON.stringify({ ...outcome, lostIds: outcome.lostIds.slice(0, 5) })}; ` +
        `${around.length} orders placed within 2 s of the kill, each trace ending in ${sendSpanOf(TOPICS.ready)}, ${cutOff} showing a cut-off attempt beside the completed one`,
    );
    await explain(outcome.duplicatedIds, attempts);
    expect(takeoverMs).toBeLessThan(SESSION_TIMEOUT_MS + 10_000);
    expect([outcome.lost, outcome.duplicated]).toEqual([0, 0]);
    await fleet.startOne('order-validation', {}, 2);
  });

  it('rolls a restart through every instance (SIGTERM, start again) under load: nothing lost or doubled, no order waiting long', async () => {
    // The last test's restarted instance may still be joining: its rebalance is not this test's.
    for (const [group, topic] of [
      ['order-validation-server', TOPICS.orders],
      ['kitchen-service-server', TOPICS.kitchen],
    ])
      await waitForStableGroup(cluster.client('e2e-cluster-probe'), group, topic, { members: 2, partitions: 3 });
    const load = new SteadyLoad(RATE).start();
    await sleep(3_000);
    for (const [name, instance] of [
      ['order-validation', 1],
      ['order-validation', 2],
      ['kitchen-service', 1],
      ['kitchen-service', 2],
    ] as const) {
      await fleet.stopOne(instanceKey(name, instance), 'SIGTERM');
      await fleet.startOne(name, {}, instance);
      await sleep(1_000);
    }
    await sleep(3_000);
    const attempts = await load.stop();
    const outcome = await tally(watcher, load.accepted(), 90_000);
    // Time from the 202 to the order's announcement: a partition left unconsumed shows here.
    const waits = attempts
      .filter((a) => a.status === 202)
      .map(
        (a) => (watcher.byKey(TOPICS.ready, a.orderId!)[0] ?? watcher.byKey(TOPICS.rejected, a.orderId!)[0])?.at - a.at,
      )
      .filter((ms) => Number.isFinite(ms));
    const wait = summarize(waits);
    console.log(
      `rolling restart of 4 instances: ${attempts.length} POSTs at ${load.rate().toFixed(1)}/s ${JSON.stringify(statuses(attempts))}; ${JSON.stringify({ ...outcome, lostIds: outcome.lostIds.slice(0, 5) })}; ` +
        `202 to ready p50 ${wait.p50} ms, p99 ${wait.p99} ms, max ${wait.max} ms`,
    );
    await explain(outcome.duplicatedIds, attempts);
    expect(statuses(attempts)).toEqual({ 202: attempts.length });
    expect([outcome.lost, outcome.duplicated]).toEqual([0, 0]);
    // Each restart moves the instance's partitions away and back (two rebalances, each about a
    // second); an order meets two services. 2.4 s at most here. A partition left without a
    // consumer would wait out a session (10 s): the bound is half of it.
    expect(wait.max).toBeLessThan(SESSION_TIMEOUT_MS / 2);
  });
});
