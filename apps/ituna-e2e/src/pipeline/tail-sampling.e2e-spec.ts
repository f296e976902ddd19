import { randomBytes } from 'node:crypto';
import { TOPICS } from '@ituna/contracts';
import { post, PORTS, kafka } from '@ituna/testbed';
import { insightsCli } from '../support/cli';
import { sleep, useFleet } from '../support/fixtures';
import { tag, traceNow, waitForTrace, type JaegerTrace } from '../support/jaeger';
import { restartJaegerWith } from '../support/stack-control';

/** The stack's Jaeger restarted with the tail sampler (tools/stack/jaeger/sampling-tail.yaml) keeping 10%. */
const SAMPLING = { ITUNA_TRACE_SAMPLE_PERCENT: '10', ITUNA_TRACE_SLOW_MS: '2000' };
/** The sampler's default: Jaeger decides this long after a trace's first span. */
const DECISION_WAIT_MS = 10_000;
const ORDINARY = 400;
const SLOW = 15;
const REJECTED = 15;
const DEAD_LETTERED = 5;

const WHOLE = ['POST /orders', 'place-order', 'validate-inventory', 'cook-order', 'send orders-ready'];

/** Spans whose parent is not in the trace: a trace cut by the sampler would have them. */
const orphans = (trace: JaegerTrace) => {
  const ids = new Set(trace.spans.map((s) => s.spanID));
  return trace.spans.filter((s) => s.references.some((r) => r.refType === 'CHILD_OF' && !ids.has(r.spanID)));
};

describe('tail sampling at Jaeger (ITUNA_TRACE_SAMPLE_PERCENT=10)', () => {
  const saved = Object.fromEntries(Object.keys(SAMPLING).map((name) => [name, process.env[name]]));
  // Before the services start: their first spans go to the sampling Jaeger.
  beforeAll(() => restartJaegerWith(SAMPLING), 120_000);
  afterAll(() => restartJaegerWith(saved), 120_000);
  // Onsite orders take 2.5 s in the onsite service: slow end to end; the rest take milliseconds.
  const { watcher } = useFleet({ ITUNA_ZERO_DELAYS: 'true', ITUNA_DELAY_ONSITE_MS: '2500' }, [
    TOPICS.ready,
    TOPICS.rejected,
    TOPICS.ordersDlq,
  ]);
  const producer = kafka.producer();
  beforeAll(() => producer.connect());
  afterAll(() => producer.disconnect());

  it('keeps every error, rejected, dead-lettered and slow trace, whole, and about 10% of the others; the report says it reads sampled data', async () => {
    const placeAll = async (n: number, place: () => Promise<{ body: { traceId: string; orderId: string } }>) => {
      const answers = [];
      for (let i = 0; i < n; i += 20)
        answers.push(...(await Promise.all(Array.from({ length: Math.min(20, n - i) }, place))));
      return answers.map((a) => a.body);
    };
    const slow = placeAll(SLOW, () =>
      post(PORTS['onsite-ordering'], '/orders', { table: 4, items: { 'TUNA MAKI': 1 } }),
    );
    const ordinary = await placeAll(ORDINARY, () =>
      post(PORTS['website-ordering'], '/orders', { items: { 'TUNA NIGIRI': 1 }, address: '1 Pier Way' }),
    );
    const rejected = await placeAll(REJECTED, () =>
      post(PORTS['website-ordering'], '/orders', { items: { 'TUNA NIGIRI': 1 }, address: 'PO Box 12' }),
    );
    // Not JSON: dead-lettered by order-validation, in a trace the producer's traceparent names.
    const deadLettered = Array.from({ length: DEAD_LETTERED }, () => randomBytes(16).toString('hex'));
    await producer.send({
      topic: TOPICS.orders,
      acks: -1,
      messages: deadLettered.map((traceId, i) => ({
        key: `sampling-dlq-${i}`,
        value: 'sushi please',
        headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      })),
    });
    const slowOrders = await slow;
    for (const { orderId } of [...ordinary, ...slowOrders])
      await watcher.waitFor(
        (m) => m.topic === TOPICS.ready && m.key === orderId,
        30_000,
        `orders-ready for ${orderId}`,
      );
    const doneAt = Date.now();

    // Kept whatever the share: each whole, stamped with the share.
    const mustKeep: [string, string[], string[]][] = [
      ['slow', slowOrders.map((o) => o.traceId), WHOLE],
      ['rejected', rejected.map((o) => o.traceId), ['place-order', 'validate-order', 'send orders-rejected']],
      ['dead-lettered', deadLettered, ['process ituna-orders', 'send ituna-orders.dlq']],
    ];
    for (const [kind, traceIds, has] of mustKeep)
      for (const traceId of traceIds) {
        const trace = await waitForTrace(traceId, { has, timeoutMs: DECISION_WAIT_MS + 30_000 });
        expect({ kind, traceId, orphans: orphans(trace).length }).toEqual({ kind, traceId, orphans: 0 });
        expect(trace.spans.every((s) => tag(s, 'ituna.sampling.percent') === 10)).toBe(true);
      }

    // The rest: decided DECISION_WAIT_MS after their first span; read once all are decided.
    await sleep(Math.max(0, doneAt + DECISION_WAIT_MS + 5_000 - Date.now()));
    let kept = 0;
    for (const { traceId } of ordinary) {
      const trace = await traceNow(traceId);
      if (!trace) continue;
      kept++;
      const names = trace.spans.map((s) => s.operationName);
      expect({ traceId, missing: WHOLE.filter((n) => !names.includes(n)), orphans: orphans(trace).length }).toEqual({
        traceId,
        missing: [],
        orphans: 0,
      });
    }
    const report = insightsCli('report', '--since', '5m');
    console.log(
      `tail sampling at 10%: kept ${SLOW}/${SLOW} slow, ${REJECTED}/${REJECTED} rejected, ${DEAD_LETTERED}/${DEAD_LETTERED} dead-lettered, ` +
        `${kept}/${ORDINARY} ordinary (${((kept / ORDINARY) * 100).toFixed(1)}%); every kept trace whole`,
    );
    // Binomial(400, 0.1): mean 40, standard deviation 6; 13-67 is 4.5 deviations either side.
    expect(kept).toBeGreaterThanOrEqual(13);
    expect(kept).toBeLessThanOrEqual(67);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('Sampled data: Jaeger keeps every trace with an error');
    expect(report.stdout).toContain('and 10% of the others');
  }, 240_000);
});
