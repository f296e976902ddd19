import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { post, PORTS, ServiceFleet, logDir } from '@ituna/testbed';
import { watchOrdersReady } from '../support/second-broker';
import { TlsKafka } from '../support/tls-kafka';

describe('TLS to Kafka: the services trust the broker their CA signed, and only that one', () => {
  const broker = new TlsKafka();
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true' });

  beforeAll(() => broker.start());
  afterAll(async () => {
    await fleet.stop();
    await broker.stop();
  });

  it('places and cooks an order over TLS with KAFKA_SSL_CA_FILE', async () => {
    await fleet.start(['direct-kitchen-ordering', 'kitchen-service'], {
      'direct-kitchen-ordering': broker.env(broker.caFile),
      'kitchen-service': broker.env(broker.caFile),
    });
    const ready = await watchOrdersReady(broker.client());
    try {
      const answer = await post(PORTS['direct-kitchen-ordering'], '/orders', { items: { 'TUNA MAKI': 1 } });
      expect(answer.status).toBe(202);
      expect(await ready.waitFor(answer.body.orderId)).toBe(true);
    } finally {
      await ready.stop();
      await fleet.stop();
    }
  });

  it('refuses to start against a broker whose certificate its CA did not sign, saying why', async () => {
    const startedAt = Date.now();
    const wrong = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true', ...broker.env(broker.otherCaFile), PORT: '3098' });
    await expect(wrong.startOne('kitchen-service', { PORT: '3098' })).rejects.toThrow(/exited with 1 during start-up/);
    const took = Date.now() - startedAt;
    const reason = readFileSync(join(logDir, 'kitchen-service.log'), 'utf8')
      .split('kitchen-service failed to start')
      .pop()!;
    console.log(`TLS with the wrong CA: refused to start after ${took} ms: ${reason.split('\n')[0].slice(0, 160)}`);
    expect(reason).toMatch(/certificate/i);
    expect(took).toBeLessThan(30_000);
  });
});
