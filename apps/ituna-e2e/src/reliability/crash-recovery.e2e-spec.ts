import { TOPICS } from '@ituna/contracts';
import { SteadyLoad } from '../support/load';
import { tally } from '../support/outcomes';
import { sleep, useFleet } from '../support/fixtures';
import { ServiceName } from '../support/service-fleet';

describe('crash: SIGKILL a consumer under load, restart it 5 s later', () => {
  const { fleet, watcher } = useFleet({ ITUNA_ZERO_DELAYS: 'true' }, [TOPICS.kitchen, TOPICS.ready, TOPICS.rejected]);

  async function crashAndRestart(name: ServiceName) {
    const killedAt = Date.now();
    await fleet.stopOne(name, 'SIGKILL');
    await sleep(5000);
    await fleet.startOne(name);
    return { killedAt, restartedAt: Date.now() };
  }

  it('loses no order that got a 202, and the running kitchen cooks each order once', async () => {
    const load = new SteadyLoad(50).start();
    await sleep(5000);
    const validation = await crashAndRestart('order-validation');
    await sleep(5000);
    const kitchen = await crashAndRestart('kitchen-service');
    await sleep(5000);
    const attempts = await load.stop();
    const accepted = load.accepted();
    const result = await tally(watcher, accepted, 120_000);

    // Recovery: from the restart until every order accepted before it is done.
    const doneAt = (id: string) => Math.min(...[...watcher.byKey(TOPICS.ready, id), ...watcher.byKey(TOPICS.rejected, id)].map((m) => m.at));
    const recovery = (r: { killedAt: number; restartedAt: number }) => {
      const waiting = attempts.filter((a) => a.orderId && a.at >= r.killedAt && a.at <= r.restartedAt).map((a) => doneAt(a.orderId!));
      return waiting.length ? Math.max(...waiting) - r.restartedAt : 0;
    };
    // Duplicates on orders-ready may only straddle the kitchen's restart (its memory of cooked orders is per process).
    const sameInstanceDuplicates = accepted.filter((id) => {
      const ready = watcher.byKey(TOPICS.ready, id).map((m) => m.at);
      const before = ready.filter((t) => t < kitchen.killedAt).length;
      const after = ready.filter((t) => t > kitchen.restartedAt).length;
      return before > 1 || after > 1;
    });
    const redelivered = accepted.filter((id) => watcher.byKey(TOPICS.kitchen, id).length > 1).length;
    console.log(
      `crash test: ${attempts.length} POSTs, ${result.placed} accepted (202), ${result.completed} completed, ${result.rejected} rejected, ${result.lost} lost, ${result.duplicated} duplicated on orders-ready; ` +
        `${redelivered} orders redelivered to the kitchen; recovery after restart: order-validation ${recovery(validation)} ms, kitchen-service ${recovery(kitchen)} ms`,
    );
    expect(result.placed).toBeGreaterThan(500);
    expect(result.lostIds).toEqual([]);
    expect(sameInstanceDuplicates).toEqual([]);
  });
});
