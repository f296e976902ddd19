import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CompressionTypes } from 'kafkajs';
import { TOPICS, randomOrder } from '@ituna/contracts';
import { COMPRESSION_TYPES, CompressionName, registerCompressionCodecs } from '@ituna/kafka';
import { useFleet } from '../support/fixtures';
import { logOf, brokers, kafka } from '@ituna/testbed';

const KCAT = '/usr/bin/kcat';
const CODECS: CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** kcat (librdkafka): a Kafka client that is not ours, with its own codecs. */
function kcat(args: string[], input?: string): string {
  return execFileSync(KCAT, ['-b', brokers.join(','), ...args], { input, encoding: 'utf8', timeout: 20_000 });
}

describe('compression interop: orders from and to a client that is not ours, with every codec', () => {
  // The services write lz4 (a pure JavaScript codec, the one most worth proving against librdkafka).
  const { fleet, watcher } = useFleet(
    { ITUNA_ZERO_DELAYS: 'true', KAFKA_COMPRESSION: 'lz4' },
    [TOPICS.ready, TOPICS.ordersDlq, TOPICS.kitchenDlq],
    ['order-validation', 'kitchen-service'],
  );

  beforeAll(() => {
    if (!existsSync(KCAT))
      throw new Error(
        `this test needs Debian's kcat at ${KCAT} (npm test installs it as root; otherwise: sudo apt-get install kcat)`,
      );
    registerCompressionCodecs();
  });

  it.each(CODECS)('completes valid orders that kcat produced with %s compression', async (codec) => {
    const orders = Array.from({ length: 3 }, () => randomOrder('onsite'));
    const startedAt = Date.now();
    kcat(
      ['-P', '-t', TOPICS.orders, '-z', codec, '-K', '\t', '-X', 'linger.ms=50'],
      orders.map((o) => `${o.orderId}\t${JSON.stringify(o)}`).join('\n') + '\n',
    );
    await Promise.all(
      orders.map((o) =>
        watcher.waitFor(
          (m) => m.topic === TOPICS.ready && m.key === o.orderId,
          20_000,
          `orders-ready for a ${codec} order`,
        ),
      ),
    );
    console.log(`kcat -z ${codec}: 3 orders ready within ${Date.now() - startedAt} ms`);
    expect(watcher.seen.filter((m) => m.topic !== TOPICS.ready)).toEqual([]);
  });

  it.each(CODECS)('writes %s batches that kcat reads back', async (codec) => {
    const producer = kafka.producer();
    await producer.connect();
    try {
      const order = randomOrder('direct');
      const [meta] = await producer.send({
        topic: TOPICS.orders,
        acks: -1,
        compression: COMPRESSION_TYPES[codec] as CompressionTypes,
        messages: [{ key: order.orderId, value: JSON.stringify(order) }],
      });
      const read = kcat([
        '-C',
        '-t',
        TOPICS.orders,
        '-p',
        String(meta.partition),
        '-o',
        String(meta.baseOffset),
        '-c',
        '1',
        '-e',
        '-f',
        '%k %s',
      ]);
      expect(read).toBe(`${order.orderId} ${JSON.stringify(order)}`);
      await watcher.waitFor((m) => m.topic === TOPICS.ready && m.key === order.orderId, 20_000, 'orders-ready');
    } finally {
      await producer.disconnect();
    }
  });

  it('announces orders in lz4 batches that kcat reads, and no consumer crashed', async () => {
    const ready = watcher.seen.find((m) => m.topic === TOPICS.ready)!;
    const read = kcat([
      '-C',
      '-t',
      TOPICS.ready,
      '-p',
      String(ready.partition),
      '-o',
      ready.offset,
      '-c',
      '1',
      '-e',
      '-f',
      '%k',
    ]);
    expect(read).toBe(ready.key);
    for (const service of fleet.running.values()) {
      expect(service.process.exitCode).toBeNull();
      expect(logOf(service)).not.toMatch(/\[Consumer\] Crash|Restarting the consumer|KafkaJSNotImplemented/);
    }
  });
});
