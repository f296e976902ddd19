import { TOPICS } from '@ituna/contracts';
import { startJaegerRole, stopJaegerRole } from '@ituna/stack';
import { useFleet, sleep } from '../support/fixtures';
import { traceNow } from '../support/jaeger';
import { SteadyLoad, PORTS, tally } from '@ituna/testbed';
import { restartJaegerWith } from '../support/stack-control';

const RATE = 20;
const OUTAGE_MS = 30_000;
/**
 * Every span of an order, as many of each as it has: what "whole" means here. Direct orders skip
 * validation; a validated order has a commit-transaction in each consuming service.
 */
const KITCHEN = [
  'process kitchen-orders',
  'cook-order',
  'cut-fish',
  'plate',
  'send orders-ready',
  'commit-transaction',
];
const WHOLE = ['POST /orders', 'place-order', 'send kitchen-orders', ...KITCHEN];
const VALIDATED = [
  'send ituna-orders',
  'process ituna-orders',
  'validate-order',
  'validate-address',
  'validate-name',
  'validate-inventory',
  'commit-transaction',
];
const wholeFor = (port: number) => (port === PORTS['direct-kitchen-ordering'] ? WHOLE : [...WHOLE, ...VALIDATED]);

describe('spans through Kafka (JAEGER_PIPELINE=kafka): the ingester killed (SIGKILL) and away for 30 s under load', () => {
  const saved = process.env.JAEGER_PIPELINE;
  // Before the services start: their spans go to the collector from the first.
  beforeAll(() => restartJaegerWith({ JAEGER_PIPELINE: 'kafka' }), 120_000);
  afterAll(() => restartJaegerWith({ JAEGER_PIPELINE: saved }), 120_000);
  const { watcher } = useFleet({ ITUNA_ZERO_DELAYS: 'true' }, [TOPICS.ready, TOPICS.rejected]);

  it('loses no span: they wait in Kafka, and every trace of the period is whole once the ingester is back', async () => {
    const load = new SteadyLoad(RATE).start();
    await sleep(5_000);
    const stoppedAt = Date.now();
    await stopJaegerRole('ingester', 'kill');
    await sleep(OUTAGE_MS);
    await startJaegerRole('ingester');
    const backAt = Date.now();
    await sleep(5_000);
    const attempts = await load.stop();
    const outcome = await tally(watcher, load.accepted(), 60_000);

    // Every accepted order's trace, polled until whole or until a minute after the ingester's return.
    const pending = new Map(attempts.filter((a) => a.status === 202).map((a) => [a.traceId!, wholeFor(a.port)]));
    const total = pending.size;
    const missing = new Map<string, string[]>();
    let lastWholeAt = backAt;
    const firstLookAt = Date.now();
    while (pending.size && Date.now() - backAt < 60_000) {
      for (const [traceId, whole] of [...pending.entries()]) {
        const names = (await traceNow(traceId))?.spans.map((s) => s.operationName) ?? [];
        // Each expected span takes one of the trace's spans of its name: two commit-transactions need two.
        const absent = whole.filter((n) => {
          const i = names.indexOf(n);
          return i < 0 || (names.splice(i, 1), false);
        });
        if (absent.length) missing.set(traceId, absent);
        else {
          pending.delete(traceId);
          missing.delete(traceId);
          lastWholeAt = Date.now();
        }
      }
      if (pending.size) await sleep(1_000);
    }
    const placedDuringOutage = attempts.filter((a) => a.status === 202 && a.at >= stoppedAt && a.at < backAt).length;
    console.log(
      `ingester outage (${OUTAGE_MS / 1000} s, JAEGER_PIPELINE=kafka): POSTs sent at ${load.rate().toFixed(1)}/s (asked ${RATE}); ${total} orders accepted (${placedDuringOutage} while the ingester was away), ` +
        `${total - pending.size} traces whole in Jaeger (every span of each), ${pending.size} not; the last seen whole ${lastWholeAt - backAt} ms after the ingester's return (first look at +${firstLookAt - backAt} ms); ` +
        `${JSON.stringify({ ...outcome, lostIds: outcome.lostIds.slice(0, 5) })}` +
        (missing.size ? `; e.g. ${JSON.stringify([...missing.entries()].slice(0, 3))}` : ''),
    );
    expect(placedDuringOutage).toBeGreaterThan(RATE * 20);
    expect(outcome.lostIds).toEqual([]);
    expect([...pending.keys()]).toEqual([]);
  }, 240_000);
});
