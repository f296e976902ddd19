import { TOPICS } from '@ituna/contracts';
import { post, SteadyLoad, tally, PORTS } from '@ituna/testbed';
import { jaegerStorageFromEnv } from '@ituna/stack';
import { traceNow, waitForTrace } from '../support/jaeger';
import { rssMb } from '../support/memory';
import { sleep, useFleet } from '../support/fixtures';
import { startComponent, stopComponent } from '../support/stack-control';

describe('Jaeger outage and restart: the collector away for 30 s under load, then restarted', () => {
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
      `Jaeger outage: POSTs sent at ${load.rate().toFixed(1)}/s (asked 50); ${normal.toFixed(1)} orders/s completed before, ${outage.toFixed(1)} during; RSS MB before ${JSON.stringify(memoryBefore)}, after 30 s without Jaeger ${JSON.stringify(memoryDuring)}; ${JSON.stringify(result)}; a new order's whole trace in Jaeger ${flowingAfter} ms after its return`,
    );
    expect(flowingAfter).toBeLessThanOrEqual(10_000);
    expect(outage).toBeGreaterThanOrEqual(normal * 0.9);
    for (const service of fleet.running.values()) expect(service.process.exitCode).toBeNull();
    for (const [name, mb] of Object.entries(memoryDuring)) expect(mb! - memoryBefore[name]!).toBeLessThan(64);
    expect(result.lostIds).toEqual([]);
  });

  it("keeps an earlier order's trace across a restart of Jaeger (Badger on disk, the default storage)", async () => {
    const storage = jaegerStorageFromEnv();
    const placed = await post(PORTS['website-ordering'], '/orders', {
      items: { 'ITUNA ROLL': 2 },
      address: '3 Quay Road',
    });
    const whole = ['place-order', 'validate-inventory', 'cook-order', 'send orders-ready'];
    await waitForTrace(placed.body.traceId, { has: whole });
    // Every span in (each service exports in its own batches): no late span may land after the restart.
    let before = await traceNow(placed.body.traceId);
    for (let stableSince = Date.now(); Date.now() - stableSince < 2000;) {
      await sleep(250);
      const now = await traceNow(placed.body.traceId);
      if (now?.spans.length !== before?.spans.length) [before, stableSince] = [now, Date.now()];
    }
    const stoppedAt = Date.now();
    await stopComponent('jaeger');
    // Started again with this process's JAEGER_STORAGE (badger unless set), whatever ran before.
    await startComponent('jaeger');
    const upMs = Date.now() - stoppedAt;
    const after = await traceNow(placed.body.traceId);
    const spanIds = (t?: { spans: { spanID: string }[] }) => (t?.spans.map((s) => s.spanID) ?? []).sort();
    console.log(
      `Jaeger restart (JAEGER_STORAGE=${storage}): stopped and up again in ${upMs} ms; order ${placed.body.orderId}'s trace had ${before?.spans.length ?? 0} spans before, ${after?.spans.length ?? 0} after`,
    );
    expect(before?.spans.length).toBeGreaterThanOrEqual(whole.length);
    // Memory storage (JAEGER_STORAGE=memory) forgets everything: that is what the variable says.
    if (storage === 'memory') expect(after).toBeUndefined();
    else expect(spanIds(after)).toEqual(spanIds(before));
  });
});
