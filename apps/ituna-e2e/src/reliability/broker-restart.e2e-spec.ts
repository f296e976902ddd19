import { TOPICS } from '@ituna/contracts';
import { SteadyLoad } from '../support/load';
import { tally } from '../support/outcomes';
import { ServiceFleet } from '../support/service-fleet';
import { startComponent, stopComponent } from '../support/stack-control';
import { TopicWatcher } from '../support/topic-watcher';

import { sleep } from '../support/fixtures';

describe('broker restart: Kafka away for 10 s under load', () => {
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true' });
  const watcher = new TopicWatcher([TOPICS.ready, TOPICS.rejected]);

  beforeAll(async () => {
    await fleet.start();
  });
  afterAll(async () => {
    await fleet.stop();
    await watcher.stop();
  });

  it('answers 503 (never 202) while Kafka cannot take writes, reconnects by itself, loses no accepted order', async () => {
    const startedAt = Date.now();
    const load = new SteadyLoad(20).start();
    await sleep(3000);
    const downAt = Date.now();
    await stopComponent('kafka');
    await sleep(10_000);
    await startComponent('kafka');
    const upAt = Date.now();
    await sleep(15_000);
    const attempts = await load.stop();

    // The watcher joins after the restart and reads from the start of the run.
    await watcher.start({ fromTimestamp: startedAt });
    const accepted = load.accepted();
    const firstAccepted = attempts.find((a) => a.status === 202)!;
    const { lostIds, ...result } = await tally(watcher, accepted, 60_000);
    const during = attempts.filter((a) => a.at > downAt + 1000 && a.at < upAt);
    const afterRecovery = attempts.filter((a) => a.at > upAt + 10_000);
    const recoveredAt = attempts.find((a) => a.at > upAt && a.status === 202)?.at;
    console.log(
      `broker restart: ${attempts.length} POSTs: ${accepted.length} x 202, ${attempts.filter((a) => a.status === 503).length} x 503, others ${attempts.filter((a) => a.status !== 202 && a.status !== 503).length}; ` +
        `first 202 ${recoveredAt ? recoveredAt - upAt : '-'} ms after Kafka was back; ${JSON.stringify(result)}`,
    );
    expect(firstAccepted).toBeDefined();
    expect(during.filter((a) => a.status === 503).length).toBeGreaterThan(0);
    expect(during.filter((a) => a.status !== 503 && a.status !== 202)).toEqual([]);
    expect(afterRecovery.length).toBeGreaterThan(0);
    expect(afterRecovery.every((a) => a.status === 202)).toBe(true);
    expect(lostIds).toEqual([]);
  });
});
