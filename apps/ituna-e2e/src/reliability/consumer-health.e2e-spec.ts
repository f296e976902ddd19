import { TOPICS, randomOrder } from '@ituna/contracts';
import { FaultFile } from '../support/fault-file';
import { sleep, useFleet } from '../support/fixtures';
import { PORTS, logOf, kafka } from '@ituna/testbed';

interface HealthAnswer {
  at: number;
  status: number;
  consumer?: { status: string; state?: string; message?: string };
}

async function health(port: number): Promise<HealthAnswer> {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
  const body = (await res.json()) as {
    info?: Record<string, HealthAnswer['consumer']>;
    error?: Record<string, HealthAnswer['consumer']>;
  };
  return { at: Date.now(), status: res.status, consumer: body.error?.consumer ?? body.info?.consumer };
}

describe('consumer health: /health tells the truth when kafkajs stops a consumer, and the service recovers', () => {
  const faults = new FaultFile();
  const { fleet, watcher } = useFleet(
    { ITUNA_ZERO_DELAYS: 'true', ...faults.env },
    [TOPICS.ready],
    ['kitchen-service'],
  );
  const port = PORTS['kitchen-service'];

  it('reports the joined consumer with its partitions', async () => {
    const answer = await health(port);
    expect(answer.status).toBe(200);
    expect(answer.consumer).toMatchObject({ status: 'up', state: 'joined', partitions: 3 });
  });

  it('fails /health while the stopped consumer is down, then restarts it and completes the order that stopped it, once', async () => {
    const kitchen = fleet.running.get('kitchen-service')!;
    const order = randomOrder('direct');
    // The consumer stops on this order's first delivery, as kafkajs stops it after a non-retriable error.
    await faults.set({ 'kafka-consumer': { failTimes: 1, orderIds: [order.orderId] } }, kitchen.logFile);
    const producer = kafka.producer();
    await producer.connect();
    const sentAt = Date.now();
    await producer.send({
      topic: TOPICS.kitchen,
      acks: -1,
      messages: [{ key: order.orderId, value: JSON.stringify(order) }],
    });
    await producer.disconnect();

    const answers: HealthAnswer[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      answers.push(await health(port));
      const recovered = answers.some((a) => a.status === 503) && answers[answers.length - 1].status === 200;
      if (recovered && watcher.byKey(TOPICS.ready, order.orderId).length > 0) break;
      await sleep(100);
    }
    const down = answers.filter((a) => a.status === 503);
    const back = answers.find((a) => a.status === 200 && down.length > 0 && a.at > down[down.length - 1].at);
    const ready = watcher.byKey(TOPICS.ready, order.orderId);
    const log = logOf(kitchen);
    console.log(
      `consumer stop: /health answered 503 for ${down.length ? down[down.length - 1].at - down[0].at : 0} ms (${down.length} probes, first ${down[0] ? down[0].at - sentAt : '-'} ms after the order was sent), ` +
        `200 again ${back && down[0] ? back.at - down[0].at : '-'} ms after the first 503; order ready ${ready[0] ? ready[0].at - sentAt : '-'} ms after sending`,
    );

    expect(down.length).toBeGreaterThan(0);
    expect(down[0].consumer).toMatchObject({ status: 'down' });
    expect(down[0].consumer!.message).toMatch(/stopped/);
    expect(back?.consumer).toMatchObject({ status: 'up' });
    await sleep(1000);
    expect(watcher.byKey(TOPICS.ready, order.orderId)).toHaveLength(1);
    expect((log.match(/\[Consumer\] Crash/g) ?? []).length).toBe(1);
    expect(log).toMatch(/The Kafka consumer stopped \(KafkaJSNonRetriableError\); restarting it/);
    expect(log).toMatch(/The Kafka consumer is running again/);
    expect(kitchen.process.exitCode).toBeNull();
    expect((await health(port)).consumer).toMatchObject({ status: 'up', state: 'joined' });
  });
});
