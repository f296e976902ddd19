import { FreshKafka } from '../support/fresh-kafka';
import { post, PORTS, ServiceFleet, logOf } from '@ituna/testbed';
import { watchOrdersReady } from '../support/second-broker';

/** A log line at WARN or above (pino's JSON level 40+), or a line that is not the services' JSON at all (a stack trace, a runtime warning). */
function isLoud(line: string): boolean {
  try {
    return Number(JSON.parse(line).level) >= 40;
  } catch {
    return true;
  }
}

// On a freshly formatted broker the offsets and transaction-state topics do not exist until a client
// asks for them, and their coordinators take a moment to load: a first start used to log every
// consumer's failed first join (and its restart) at ERROR.
describe('a first start on a freshly formatted broker', () => {
  const broker = new FreshKafka();
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true', ...broker.env() });

  beforeAll(() => broker.start());
  afterAll(async () => {
    await fleet.stop();
    await broker.stop();
  });

  it('logs nothing at WARN or above while the consumers join and the first order goes through', async () => {
    await fleet.start(['onsite-ordering', 'order-validation', 'kitchen-service']);
    const ready = await watchOrdersReady(broker.client());
    try {
      const answer = await post(PORTS['onsite-ordering'], '/orders', { table: 3, items: { 'TUNA MAKI': 1 } });
      expect(answer.status).toBe(202);
      expect(await ready.waitFor(answer.body.orderId)).toBe(true);
    } finally {
      await ready.stop();
    }
    const lines = [...fleet.running.values()].flatMap((service) => logOf(service).split('\n').filter(Boolean));
    console.log(
      `first start on a fresh broker: ${lines.length} log lines, ${lines.filter(isLoud).length} at WARN or above`,
    );
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter(isLoud)).toEqual([]);
  });
});
