import { TOPICS } from '@ituna/contracts';
import { waitForTrace } from '../support/jaeger';
import { SteadyLoad, tally, PORTS } from '@ituna/testbed';
import { sleep, useFleet } from '../support/fixtures';

describe('graceful shutdown: SIGTERM a consumer under load', () => {
  const { fleet, watcher } = useFleet({ ITUNA_ZERO_DELAYS: 'true' }, [TOPICS.kitchen, TOPICS.ready, TOPICS.rejected]);

  it('finishes in-flight orders, commits, flushes every span, and the restarted service goes on from the committed offsets', async () => {
    const load = new SteadyLoad(40).start();
    // From the first validated order on (a fresh broker first loads its transaction coordinator): 4 s of steady work.
    await watcher.waitFor(
      (m) => m.topic === TOPICS.kitchen && m.json().channel !== 'direct',
      30_000,
      'a first validated order',
    );
    await sleep(4000);
    await fleet.stopOne('order-validation', 'SIGTERM');
    const stoppedAt = Date.now();
    await fleet.startOne('order-validation');
    await sleep(3000);
    const attempts = await load.stop();
    const result = await tally(watcher, load.accepted(), 60_000);
    const redelivered = load.accepted().filter((id) => watcher.byKey(TOPICS.kitchen, id).length > 1);

    // Every order validated before the stop (direct orders skip validation) has its whole validation in Jaeger.
    const before = attempts.filter(
      (a) =>
        a.orderId &&
        a.traceId &&
        a.port !== PORTS['direct-kitchen-ordering'] &&
        watcher.byKey(TOPICS.kitchen, a.orderId).some((m) => m.at <= stoppedAt),
    );
    const lastSecond = before.filter((a) => a.at > stoppedAt - 2000);
    for (const a of before)
      await waitForTrace(a.traceId!, {
        has: ['process ituna-orders', 'validate-order', 'validate-inventory', 'send kitchen-orders'],
        timeoutMs: 15_000,
      });
    console.log(
      `graceful shutdown: POSTs sent at ${load.rate().toFixed(1)}/s (asked 40); ${result.placed} accepted, ${result.completed} completed, ${result.rejected} rejected, ${result.lost} lost, ${redelivered.length} redelivered after the restart; ` +
        `${before.length} orders validated before the stop have whole traces (${lastSecond.length} of them in its last 2 s)`,
    );
    expect(result.lostIds).toEqual([]);
    expect(redelivered).toEqual([]);
    expect(before.length).toBeGreaterThan(50);
    // Orders validated in the last 2 s before SIGTERM were in flight at the stop: their spans were flushed too.
    expect(lastSecond.length).toBeGreaterThan(0);
    expect(result.completed + result.rejected).toBe(result.placed);
  });
});
