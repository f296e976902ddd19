import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import type { KafkaClient } from '../client/kafka-client';
import type { PartitionWorkers } from '../worker/partition-workers';
import { KafkaConsumerSupervisor } from './kafka-consumer.supervisor';
import type { SupervisedServerKafka } from './supervised-server-kafka';

/** The supervisor's dependencies: a client whose kafkajs object the server takes, and the workers. */
function supervisorOf() {
  const workers = { assigned: jest.fn() };
  const supervisor = new KafkaConsumerSupervisor(
    { kafka: {} } as unknown as KafkaClient,
    workers as unknown as PartitionWorkers,
  );
  return { supervisor, workers };
}

/** The part of a kafkajs consumer the supervisor and Nest's server listen to. */
class FakeConsumer extends EventEmitter {
  readonly events = {
    GROUP_JOIN: 'group_join',
    REBALANCING: 'rebalancing',
    CRASH: 'crash',
    STOP: 'stop',
    CONNECT: 'connect',
    DISCONNECT: 'disconnect',
  };
  join(assignment: Record<string, number[]>) {
    this.emit(this.events.GROUP_JOIN, { payload: { memberAssignment: assignment } });
  }
  crash(restart: boolean) {
    this.emit(this.events.STOP, {});
    this.emit(this.events.CRASH, {
      payload: { error: Object.assign(new Error('boom'), { name: 'KafkaJSNonRetriableError' }), restart },
    });
  }
}

const supervisors: KafkaConsumerSupervisor[] = [];
// No restart timer of one test may outlive it (it would call the real server once the mocks are gone).
afterEach(() => supervisors.splice(0).forEach((s) => s.beforeApplicationShutdown()));

/** A supervised server whose listen() makes a new fake consumer, as Nest's does a kafkajs one. */
function setup(policy = { restartDelayMs: 5, maxRestarts: 2, windowMs: 60_000 }) {
  const { supervisor, workers } = supervisorOf();
  supervisors.push(supervisor);
  const server = supervisor.createServer({ client: { brokers: ['127.0.0.1:1'] } }, policy) as SupervisedServerKafka;
  const consumers: FakeConsumer[] = [];
  const connect = () => {
    const consumer = new FakeConsumer();
    consumers.push(consumer);
    server['consumer'] = consumer as unknown as Consumer;
    server['registerConsumerEventListeners']();
  };
  jest.spyOn(server, 'close').mockResolvedValue(undefined);
  jest.spyOn(server, 'listen').mockImplementation(async (callback: (err?: unknown) => void) => {
    connect();
    callback();
  });
  connect();
  return { supervisor, server, consumers, workers };
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('KafkaConsumerSupervisor', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('reports a service without a consumer as not consuming, healthy', () => {
    expect(supervisorOf().supervisor.health()).toMatchObject({ state: 'not consuming', healthy: true });
  });

  it("hands each join's assignment to the partitions' workers, which claim before anything is handled", () => {
    const { consumers, workers } = setup();
    consumers[0].join({ 'kitchen-orders': [0, 2] });
    expect(workers.assigned).toHaveBeenCalledWith({ 'kitchen-orders': [0, 2] });
  });

  it('reports the group join with the partitions assigned, and a rebalance as healthy', () => {
    const { supervisor, consumers } = setup();
    expect(supervisor.health()).toMatchObject({ state: 'starting', healthy: true });
    consumers[0].join({ 'kitchen-orders': [0, 1, 2] });
    expect(supervisor.health()).toMatchObject({ state: 'joined', partitions: 3, healthy: true });
    consumers[0].emit('rebalancing', {});
    expect(supervisor.health()).toMatchObject({ state: 'rebalancing', healthy: true });
  });

  it('lets kafkajs restart after a retriable crash, staying healthy', () => {
    const { supervisor, consumers, server } = setup();
    consumers[0].join({ t: [0] });
    consumers[0].crash(true);
    expect(supervisor.health()).toMatchObject({ state: 'starting', healthy: true, crashesLastMinute: 1 });
    expect(server.close).not.toHaveBeenCalled();
  });

  it('reports a consumer kafkajs gave up on as unhealthy, restarts it, and is healthy again once it joins', async () => {
    const { supervisor, consumers, server } = setup();
    consumers[0].join({ t: [0, 1] });
    consumers[0].crash(false);
    expect(supervisor.health()).toMatchObject({ state: 'stopped', healthy: false });
    await waitFor(() => consumers.length === 2);
    expect(server.close).toHaveBeenCalledTimes(1);
    consumers[1].join({ t: [0, 1] });
    expect(supervisor.health()).toMatchObject({ state: 'joined', healthy: true, partitions: 2 });
  });

  it('counts three crashes in a minute as crash-looping', () => {
    const { supervisor, consumers } = setup();
    for (let i = 0; i < 3; i += 1) consumers[0].crash(true);
    consumers[0].join({ t: [0] });
    expect(supervisor.health()).toMatchObject({ healthy: false, crashesLastMinute: 3 });
    expect(supervisor.health(Date.now() + 61_000)).toMatchObject({ healthy: true, crashesLastMinute: 0 });
  });

  it('exits non-zero when the consumer keeps stopping after the allowed restarts', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      const { consumers } = setup();
      consumers[0].crash(false);
      await waitFor(() => consumers.length === 2);
      consumers[1].crash(false);
      await waitFor(() => consumers.length === 3);
      consumers[2].crash(false);
      await waitFor(() => exit.mock.calls.length > 0);
      expect(exit).toHaveBeenCalledWith(1);
    } finally {
      exit.mockRestore();
    }
  });

  it('counts a restart that fails as a restart, so that a consumer that cannot come back ends in an exit', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      const { consumers, server } = setup();
      (server.listen as jest.Mock).mockImplementation(async (callback: (err?: unknown) => void) =>
        callback(new Error('connect ECONNREFUSED')),
      );
      consumers[0].crash(false);
      await waitFor(() => exit.mock.calls.length > 0);
      expect(exit).toHaveBeenCalledWith(1);
      expect((server.listen as jest.Mock).mock.calls.length).toBe(2);
    } finally {
      exit.mockRestore();
    }
  });

  it('does not restart a consumer that stops because the service stops', async () => {
    const { supervisor, consumers, server } = setup();
    consumers[0].join({ t: [0] });
    supervisor.beforeApplicationShutdown();
    consumers[0].crash(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.close).not.toHaveBeenCalled();
  });
});
