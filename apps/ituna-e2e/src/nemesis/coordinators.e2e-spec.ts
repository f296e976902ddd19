import { TOPICS } from '@ituna/contracts';
import {
  KafkaCluster,
  NetworkFaults,
  ServiceFleet,
  coordinatorOf,
  sleep,
  NO_VIOLATIONS,
  underLoad,
  violations,
} from '@ituna/testbed';

const RATE = 10;
/** The transactional id of a consuming service's partition, and its group as Kafka knows it. */
const TRANSACTIONAL_ID = `order-validation-${TOPICS.orders}-0`;
const GROUP = 'kitchen-service-server';
/** A killed node is away this long before it starts again. */
const KILLED_MS = 15_000;
/** A frozen node, past the consumers' session (10 s), the transactions' (15 s) and the cluster's own timeouts. */
const PAUSED_MS = 35_000;
/** Every transaction held open 1 s before its commit (fault step `commit-transaction`): a fault lands inside one. */
const HOLD_OPEN = { ITUNA_FAULTS: JSON.stringify({ 'commit-transaction': { extraDelayMs: 1_000 } }) };

/**
 * The coordinators and the network, on a three-node cluster: the broker that coordinates a
 * consuming service's transactions, and the one that coordinates its group, killed (SIGKILL) or
 * frozen (SIGSTOP) under load; then the network between order-validation and the brokers cut,
 * slowed and reset (through Toxiproxy; the other services reach the brokers directly).
 */
describe('nemesis: coordinators and the network, on a three-node cluster', () => {
  const cluster = new KafkaCluster({ proxied: true });
  const network = new NetworkFaults(cluster.nodes, cluster.dir);
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true', ...cluster.env() });
  const kafka = cluster.client('e2e-nemesis');

  beforeAll(async () => {
    await cluster.start();
    await network.start();
    await fleet.start(undefined, {
      'order-validation': { ...HOLD_OPEN, KAFKA_BROKERS: network.brokers.join(',') },
      'kitchen-service': HOLD_OPEN,
    });
  }, 240_000);

  afterAll(async () => {
    await fleet.stop();
    await network.stop();
    await cluster.stop();
  }, 120_000);

  it.each([
    ['transaction', TRANSACTIONAL_ID, 'SIGKILL'],
    ['transaction', TRANSACTIONAL_ID, 'SIGSTOP'],
    ['group', GROUP, 'SIGKILL'],
    ['group', GROUP, 'SIGSTOP'],
  ] as const)(
    '%s coordinator of %s: %s, then back; every order once',
    async (kind, key, signal) => {
      const ms = signal === 'SIGKILL' ? KILLED_MS : PAUSED_MS;
      let node = 0;
      const run = await underLoad({
        rate: RATE,
        kafka,
        faults: async () => {
          node = await coordinatorOf(kafka, kind, key);
          if (signal === 'SIGKILL') {
            await cluster.killNode(node);
            await sleep(ms);
            await cluster.restartNode(node);
          } else {
            cluster.pauseNode(node);
            await sleep(ms);
            cluster.resumeNode(node);
          }
        },
      });
      console.log(`${kind} coordinator of ${key} (node ${node}) ${signal} ${ms / 1000} s: ${run.summary}`);
      expect(run.check.accepted).toBeGreaterThan(RATE * 15);
      expect(violations(run.check, run.stillRefused)).toEqual(NO_VIOLATIONS);
      await cluster.waitForBrokers(3);
    },
    240_000,
  );

  it.each([
    ['cut for 20 s', (n: NetworkFaults) => n.cut(), 20_000],
    ['slowed by 500 ms for 15 s', (n: NetworkFaults) => n.slow(500), 15_000],
    ['reset mid-request for 10 s', (n: NetworkFaults) => n.reset(), 10_000],
  ] as const)(
    "order-validation's network %s: every order once",
    async (what, fault, ms) => {
      const run = await underLoad({
        rate: RATE,
        kafka,
        faults: async () => {
          await fault(network);
          await sleep(ms);
          await network.heal();
        },
      });
      console.log(`order-validation's network ${what}: ${run.summary}`);
      expect(run.check.accepted).toBeGreaterThan(RATE * 15);
      expect(violations(run.check, run.stillRefused)).toEqual(NO_VIOLATIONS);
    },
    180_000,
  );
});
