import { describeStack, ownedPid } from '@ituna/stack';
import { NO_VIOLATIONS, ServiceFleet, logOf, sleep, underLoad, violations } from '@ituna/testbed';

/** Orders per second over HTTP, the three channels in turn. */
const RATE = 10;
/** Longer than the consumers' session timeout (10 s) and the transactions' timeout (15 s). */
const SERVICE_PAUSE_MS = 25_000;
/** Longer than every timeout a client and the broker keep (the 35 s broker pause lost orders). */
const BROKER_PAUSE_MS = 35_000;

/**
 * Every transaction held open 2 s before its commit (fault step `commit-transaction`): a pause then
 * always lands inside one, which Kafka aborts after the transaction timeout while the process sleeps.
 */
const HOLD_OPEN = { ITUNA_FAULTS: JSON.stringify({ 'commit-transaction': { extraDelayMs: 2_000 } }) };

/** What a consuming service logs when it leaves what it handled to the partition's next holder. */
const HANDED_OVER = /no longer holds/g;

/**
 * Process pauses, the nemesis a SIGKILL cannot stand in for: a paused process keeps its memory and
 * its connections, and wakes up believing it still holds its partitions and its open transactions.
 * Under load, exactly-once (the default), one instance of each service on the stack's one broker.
 */
describe('nemesis: SIGSTOP of a service, then of the broker, past every timeout', () => {
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true' });

  beforeAll(() => fleet.start(undefined, { 'order-validation': HOLD_OPEN, 'kitchen-service': HOLD_OPEN }), 120_000);
  afterAll(() => fleet.stop(), 60_000);

  it.each(['order-validation', 'kitchen-service'] as const)(
    `SIGSTOP ${'%s'} for ${SERVICE_PAUSE_MS / 1000} s, then SIGCONT: it goes on without a restart, every order once`,
    async (name) => {
      const pid = fleet.running.get(name)!.process.pid;
      const handedOverBefore = logOf(fleet.running.get(name)!).match(HANDED_OVER)?.length ?? 0;
      const run = await underLoad({
        rate: RATE,
        faults: async () => {
          fleet.pause(name);
          await sleep(SERVICE_PAUSE_MS);
          fleet.resume(name);
        },
      });
      const handedOver = (logOf(fleet.running.get(name)!).match(HANDED_OVER)?.length ?? 0) - handedOverBefore;
      console.log(
        `${name} paused ${SERVICE_PAUSE_MS / 1000} s: ${run.summary}; ${handedOver} partition(s) handed over after the pause`,
      );
      // The pause caught a transaction open: Kafka gave it up, and the service left its messages.
      expect(handedOver).toBeGreaterThan(0);
      expect(run.check.accepted).toBeGreaterThan(RATE * 20);
      expect(violations(run.check, run.stillRefused)).toEqual(NO_VIOLATIONS);
      // The same process, still running.
      expect(fleet.running.get(name)!.process.pid).toBe(pid);
      expect(fleet.running.get(name)!.process.exitCode).toBeNull();
    },
    180_000,
  );

  it(`SIGSTOP the broker for ${BROKER_PAUSE_MS / 1000} s, then SIGCONT: every order once`, async () => {
    const pids = describeStack()
      .kafka.pidFiles.map((f) => ownedPid(f))
      .filter((pid): pid is number => pid !== undefined);
    if (!pids.length) throw new Error('kafka was not started by this checkout, so the test cannot pause it');
    const run = await underLoad({
      rate: RATE,
      faults: async () => {
        pids.forEach((pid) => process.kill(pid, 'SIGSTOP'));
        try {
          await sleep(BROKER_PAUSE_MS);
        } finally {
          pids.forEach((pid) => process.kill(pid, 'SIGCONT'));
        }
      },
    });
    console.log(`broker paused ${BROKER_PAUSE_MS / 1000} s: ${run.summary}`);
    expect(run.check.accepted).toBeGreaterThan(RATE * 20);
    expect(violations(run.check, run.stillRefused)).toEqual(NO_VIOLATIONS);
  }, 240_000);
});
