import { readFileSync } from 'node:fs';
import { TOPICS } from '@ituna/contracts';
import { post, PORTS, ServiceFleet, logDir, TopicWatcher } from '@ituna/testbed';
import { watchOrdersReady } from '../support/second-broker';
import { waitForTrace } from '../support/jaeger';
import { SCRAM_USER, SecureKafka } from '../support/secure-kafka';
import { join } from 'node:path';
import { TraceView } from '../support/trace-assertions';

describe('security: SASL/SCRAM to Kafka, no secrets out, untrusted HTTP trace context', () => {
  const broker = new SecureKafka();
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true', ...broker.env(SCRAM_USER.password) });

  beforeAll(async () => {
    await broker.start();
  });
  afterAll(async () => {
    await fleet.stop();
    await broker.stop();
  });

  it('works with the right credentials, and nothing in logs or spans shows the password', async () => {
    // All five services on the SCRAM broker, so that every log line of the run is checked for the password.
    await fleet.start();
    const ready = await watchOrdersReady(broker.client(SCRAM_USER.password));
    try {
      const answer = await post(PORTS['direct-kitchen-ordering'], '/orders', { items: { 'TUNA MAKI': 1 } });
      expect(answer.status).toBe(202);
      expect(await ready.waitFor(answer.body.orderId)).toBe(true);

      const trace = await waitForTrace(answer.body.traceId, { has: ['send orders-ready'] });
      expect(JSON.stringify(trace)).not.toContain(SCRAM_USER.password);
      expect(fleet.running.size).toBe(5);
      for (const service of fleet.running.values())
        expect(readFileSync(service.logFile, 'utf8')).not.toContain(SCRAM_USER.password);
    } finally {
      await ready.stop();
      await fleet.stop();
    }
  });

  it('is refused with a wrong password: the service does not come up, and says why without the secret', async () => {
    const wrong = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true', ...broker.env('not-the-password'), PORT: '3099' });
    await expect(wrong.startOne('kitchen-service', { PORT: '3099' })).rejects.toThrow(/exited with 1 during start-up/);
    const log = readFileSync(join(logDir, 'kitchen-service.log'), 'utf8')
      .split('kitchen-service failed to start')
      .pop()!;
    expect(log).toMatch(/SASL|[Aa]uthentication/);
    expect(log).not.toContain('not-the-password');
  });
});

describe('untrusted HTTP trace context (ITUNA_TRUST_INCOMING_TRACE_CONTEXT=false)', () => {
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true' });
  const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpan = '00f067aa0ba902b7';
  const headers = { traceparent: `00-${callerTrace}-${callerSpan}-01`, baggage: 'tier=gold' };
  const kitchenOrders = new TopicWatcher([TOPICS.kitchen]);
  const baggageOf = async (orderId: string) =>
    (await kitchenOrders.waitFor((m) => m.key === orderId, 15_000, 'kitchen-orders')).headers.baggage?.toString() ?? '';

  beforeAll(() => kitchenOrders.start());
  afterAll(async () => {
    await fleet.stop();
    await kitchenOrders.stop();
  });

  it('starts a new trace at the edge and keeps the caller as a link', async () => {
    await fleet.startOne('direct-kitchen-ordering', { ITUNA_TRUST_INCOMING_TRACE_CONTEXT: 'false' });
    const answer = await post(PORTS['direct-kitchen-ordering'], '/orders', { items: { 'TUNA MAKI': 1 } }, headers);
    expect(answer.status).toBe(202);
    expect(answer.body.traceId).not.toBe(callerTrace);
    const trace = new TraceView(
      await waitForTrace(answer.body.traceId, { has: ['POST /orders', 'send kitchen-orders'] }),
    );
    const edge = trace.one('POST /orders');
    expect(edge.references).toEqual([expect.objectContaining({ traceID: callerTrace, spanID: callerSpan })]);
    expect(trace.parentOf(edge)).toBeUndefined();
    // The caller's baggage stays at the edge: it never reaches Kafka headers.
    expect(await baggageOf(answer.body.orderId)).not.toContain('tier=gold');
    await fleet.stopOne('direct-kitchen-ordering');
  });

  it("continues the caller's trace by default (a trusted internal caller)", async () => {
    await fleet.startOne('direct-kitchen-ordering');
    const answer = await post(PORTS['direct-kitchen-ordering'], '/orders', { items: { 'TUNA MAKI': 1 } }, headers);
    expect(answer.body.traceId).toBe(callerTrace);
    expect(await baggageOf(answer.body.orderId)).toContain('tier=gold');
  });
});
