import { TOPICS } from '@ituna/contracts';
import { post } from '../support/http';
import { waitForTrace } from '../support/jaeger';
import { SteadyLoad } from '../support/load';
import { rssMb } from '../support/memory';
import { tally } from '../support/outcomes';
import { sleep, useFleet } from '../support/fixtures';
import { PORTS } from '../support/service-fleet';
import { startComponent, stopComponent } from '../support/stack-control';

describe('Jaeger outage: the collector away for 30 s under load', () => {
  const { fleet, watcher } = useFleet({ ITUNA_ZERO_DELAYS: 'true' }, [TOPICS.ready, TOPICS.rejected]);

  const memory = () => Object.fromEntries([...fleet.running.values()].map((s) => [s.name, rssMb(s.process.pid)]));
  const readyBetween = (from: number, to: number) =>
    watcher.seen.filter((m) => m.topic === TOPICS.ready && m.at >= from && m.at < to).length / ((to - from) / 1000);

  it('keeps throughput, stays up with bounded memory, and spans flow again once Jaeger is back', async () => {
    const load = new SteadyLoad(50).start();
    await sleep(3000);
    const normalFrom = Date.now();
    await sleep(10_000);
    const memoryBefore = memory();
    const downAt = Date.now();
    await stopComponent('jaeger');
    await sleep(30_000);
    const upAt = Date.now();
    const memoryDuring = memory();
    await startComponent('jaeger');
    const backAt = Date.now();
    await sleep(3000);
    await load.stop();
    const normal = readyBetween(normalFrom, downAt);
    const outage = readyBetween(downAt + 2000, upAt);
    const result = await tally(watcher, load.accepted(), 60_000);

    // Spans flow again: an order placed after Jaeger's return has its whole trace there within 10 s of the return.
    const after = await post(PORTS['website-ordering'], '/orders', {
      items: { 'TUNA NIGIRI': 1 },
      address: '1 Pier Way',
    });
    await waitForTrace(after.body.traceId, {
      has: ['place-order', 'validate-inventory', 'send orders-ready'],
      timeoutMs: Math.max(1000, backAt + 10_000 - Date.now()),
    });
    const flowingAfter = Date.now() - backAt;

    console.log(
      `Jaeger outage: ${normal.toFixed(1)} orders/s completed before, ${outage.toFixed(1)} during; RSS MB before ${JSON.stringify(memoryBefore)}, after 30 s without Jaeger ${JSON.stringify(memoryDuring)}; ${JSON.stringify(result)}; a new order's whole trace in Jaeger ${flowingAfter} ms after its return`,
    );
    expect(flowingAfter).toBeLessThanOrEqual(10_000);
    expect(outage).toBeGreaterThanOrEqual(normal * 0.9);
    for (const service of fleet.running.values()) expect(service.process.exitCode).toBeNull();
    for (const [name, mb] of Object.entries(memoryDuring)) expect(mb! - memoryBefore[name]!).toBeLessThan(64);
    expect(result.lostIds).toEqual([]);
  });
});
