import { TOPICS } from '@ituna/contracts';
import { orderIdForKey } from '@ituna/ordering';
import { summarize } from '@ituna/trace-analysis';
import { post, SteadyLoad, bodyFor, stopRunningLoads, tally, ServiceFleet, TopicWatcher } from '@ituna/testbed';
import { startComponent, stopComponent } from '../support/stack-control';

import { sleep } from '../support/fixtures';

// Away for longer than the producers' retries (about 11 s, libs/kafka): some POSTs must give up with a 503.
describe('broker restart: Kafka away for 16 s under load', () => {
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true' });
  const watcher = new TopicWatcher([TOPICS.ready, TOPICS.rejected]);

  beforeAll(async () => {
    await fleet.start();
  });
  afterAll(async () => {
    await stopRunningLoads();
    await fleet.stop();
    await watcher.stop();
  });

  it('answers 503 (never 202) while Kafka cannot take writes, reconnects by itself, loses no accepted order, and knows what became of every 503', async () => {
    const startedAt = Date.now();
    const load = new SteadyLoad(20, { idempotencyKeys: true }).start();
    await sleep(3000);
    const downAt = Date.now();
    await stopComponent('kafka');
    await sleep(16_000);
    await startComponent('kafka');
    const upAt = Date.now();
    await sleep(15_000);
    const attempts = await load.stop();

    // Every other 503 is retried with its key now that Kafka is back; the rest are left as a client that gives up would.
    const refused = attempts.filter((a) => a.status === 503);
    const idOf = (a: (typeof attempts)[number]) => orderIdForKey(bodyFor(a.port).channel, a.key!);
    const retried = await Promise.all(
      refused
        .filter((_, i) => i % 2 === 0)
        .map((a) =>
          post(a.port, '/orders', bodyFor(a.port).body, { 'idempotency-key': a.key! }).then((r) => ({ a, r })),
        ),
    );
    const notRetriedIds = refused.filter((_, i) => i % 2 === 1).map(idOf);

    // The watcher joins after the restart and reads from the start of the run.
    await watcher.start({ fromTimestamp: startedAt });
    const accepted = load.accepted();
    const retriedIds = retried.map(({ a }) => idOf(a));
    const firstAccepted = attempts.find((a) => a.status === 202)!;
    const { lostIds, ...result } = await tally(watcher, [...accepted, ...retriedIds], 60_000);
    await sleep(2000);
    const outcomes = (id: string) => watcher.byKey(TOPICS.ready, id).length + watcher.byKey(TOPICS.rejected, id).length;
    const landed = notRetriedIds.filter((id) => outcomes(id) === 1);
    const absent = notRetriedIds.filter((id) => outcomes(id) === 0);
    const during = attempts.filter((a) => a.at > downAt + 1000 && a.at < upAt);
    const afterRecovery = attempts.filter((a) => a.at > upAt + 10_000);
    const recoveredAt = attempts.find((a) => a.at > upAt && a.status === 202)?.at;
    const refusedAfter = summarize(refused.map((a) => a.ms));
    console.log(
      `broker restart: ${attempts.length} POSTs at ${load.rate().toFixed(1)}/s: ${accepted.length} x 202, ${refused.length} x 503 (answered after min ${Math.min(...refused.map((a) => a.ms))} ms, p50 ${refusedAfter.p50} ms, max ${refusedAfter.max} ms), others ${attempts.filter((a) => a.status !== 202 && a.status !== 503).length}; ` +
        `first 202 ${recoveredAt ? recoveredAt - upAt : '-'} ms after Kafka was back; ${JSON.stringify(result)}; ` +
        `503s retried with their key: ${retried.length} (${retried.filter(({ r }) => r.status === 202).length} x 202, ${retriedIds.filter((id) => outcomes(id) === 1).length} exactly once); ` +
        `not retried: ${notRetriedIds.length} (${absent.length} absent downstream, ${landed.length} landed once)`,
    );
    expect(retried.every(({ a, r }) => r.status === 202 && r.body.orderId === idOf(a))).toBe(true);
    expect(retriedIds.filter((id) => outcomes(id) !== 1)).toEqual([]);
    // A 503 usually means nothing was written; a write the broker took as it went down can land: once, never twice.
    expect(landed.length + absent.length).toBe(notRetriedIds.length);
    expect(firstAccepted).toBeDefined();
    expect(during.filter((a) => a.status === 503).length).toBeGreaterThan(0);
    expect(during.filter((a) => a.status !== 503 && a.status !== 202)).toEqual([]);
    expect(afterRecovery.length).toBeGreaterThan(0);
    expect(afterRecovery.every((a) => a.status === 202)).toBe(true);
    expect(lostIds).toEqual([]);
  });
});
