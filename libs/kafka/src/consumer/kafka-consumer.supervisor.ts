import { BeforeApplicationShutdown, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { KafkaOptions } from '@nestjs/microservices';
import type { Consumer, ConsumerCrashEvent, ConsumerGroupJoinEvent } from 'kafkajs';
import { KafkaClient } from '../client/kafka-client';
import { PartitionWorkers } from '../worker/partition-workers';
import { SupervisedServerKafka } from './supervised-server-kafka';

export type ConsumerState = 'not consuming' | 'starting' | 'joined' | 'rebalancing' | 'restarting' | 'stopped';

export interface ConsumerHealth {
  state: ConsumerState;
  /** Partitions assigned to this member at its last join. */
  partitions: number;
  /** kafkajs crashes in the last minute (each followed by a restart of kafkajs's own or ours). */
  crashesLastMinute: number;
  healthy: boolean;
  reason?: string;
}

/** How the supervisor reacts; the defaults suit a service behind a process supervisor. */
export interface SupervisorPolicy {
  /** First pause before restarting a stopped consumer, doubled for each restart in the window. */
  restartDelayMs: number;
  /** More restarts than this within `windowMs` and the process exits non-zero, for its supervisor to restart. */
  maxRestarts: number;
  windowMs: number;
  /** This many kafkajs crashes within a minute count as crash-looping: unhealthy. */
  crashLoopCrashes: number;
}

const DEFAULT_POLICY: SupervisorPolicy = {
  restartDelayMs: 1000,
  maxRestarts: 3,
  windowMs: 5 * 60_000,
  crashLoopCrashes: 3,
};

/**
 * Watches the service's Kafka consumer, so that `/health` tells the truth: kafkajs gives up on a
 * consumer after a non-retriable error ("[Consumer] Crash: ..., then [Consumer] Stopped") while
 * the process keeps running and answering. A stopped consumer is restarted here (the Nest Kafka
 * server closed and listening again); after `maxRestarts` in the window the process exits with
 * code 1 so that its supervisor restarts it.
 */
@Injectable()
export class KafkaConsumerSupervisor implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(KafkaConsumerSupervisor.name);
  private server?: SupervisedServerKafka;
  private consumer?: Consumer;
  private state: ConsumerState = 'not consuming';
  private partitions = 0;
  private crashes: number[] = [];
  private restarts: number[] = [];
  private shuttingDown = false;
  private restartTimer?: NodeJS.Timeout;
  private policy: SupervisorPolicy = DEFAULT_POLICY;

  constructor(
    private readonly client: KafkaClient,
    private readonly workers: PartitionWorkers,
  ) {}

  /** The Nest Kafka server to connect (`app.connectMicroservice({ strategy })`), watched from its first consumer on. */
  createServer(
    options: Required<KafkaOptions>['options'],
    policy: Partial<SupervisorPolicy> = {},
  ): SupervisedServerKafka {
    this.policy = { ...DEFAULT_POLICY, ...policy };
    this.server = new SupervisedServerKafka(options, {
      kafka: this.client.consumerKafka,
      onConsumer: (consumer) => this.watch(consumer),
      workers: this.workers,
    });
    return this.server;
  }

  health(now = Date.now()): ConsumerHealth {
    this.crashes = this.crashes.filter((t) => now - t < 60_000);
    const base = { state: this.state, partitions: this.partitions, crashesLastMinute: this.crashes.length };
    if (this.state === 'stopped' || this.state === 'restarting')
      return { ...base, healthy: false, reason: 'the Kafka consumer is stopped; restarting it' };
    if (this.crashes.length >= this.policy.crashLoopCrashes)
      return {
        ...base,
        healthy: false,
        reason: `the Kafka consumer crashed ${this.crashes.length} times in the last minute`,
      };
    return { ...base, healthy: true };
  }

  private watch(consumer: Consumer): void {
    this.consumer = consumer;
    this.state = 'starting';
    const { GROUP_JOIN, REBALANCING, CRASH, STOP } = consumer.events;
    consumer.on(GROUP_JOIN, (event: ConsumerGroupJoinEvent) => {
      this.state = 'joined';
      this.partitions = Object.values(event.payload.memberAssignment ?? {}).reduce(
        (n, partitions) => n + partitions.length,
        0,
      );
      // Each partition is claimed now (exactly-once: fencing its previous holder) before anything is handled.
      this.workers.assigned(event.payload.memberAssignment ?? {});
    });
    consumer.on(REBALANCING, () => {
      if (this.state === 'joined') this.state = 'rebalancing';
    });
    consumer.on(CRASH, (event: ConsumerCrashEvent) => {
      this.crashes.push(Date.now());
      // kafkajs restarts the consumer itself after a retriable crash; after any other it stays stopped.
      if (event.payload.restart) this.state = 'starting';
      else this.stopped(consumer, event.payload.error);
    });
    consumer.on(STOP, () => {
      // kafkajs stops the consumer before it reports a crash; only a stop nobody asked for and no crash explains is ours to handle.
      setTimeout(() => {
        if (this.state !== 'starting' && this.state !== 'stopped' && this.state !== 'restarting' && !this.shuttingDown)
          this.stopped(consumer, new Error('the consumer stopped'));
      }, 1000).unref();
    });
  }

  private stopped(consumer: Consumer, error: Error): void {
    // Events of a consumer already replaced by a restart say nothing about the current one.
    if (this.shuttingDown || consumer !== this.consumer) return;
    this.scheduleRestart(error);
  }

  /** A restart after a pause that doubles with each restart in the window; past `maxRestarts`, exit. */
  private scheduleRestart(error: Error): void {
    this.state = 'stopped';
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < this.policy.windowMs);
    if (this.restarts.length >= this.policy.maxRestarts) {
      this.logger.error(
        { error: error.name, restarts: this.restarts.length },
        `The Kafka consumer stopped again (${error.name}) after ${this.restarts.length} restarts; exiting so that the process supervisor restarts the service`,
      );
      // The process supervisor (systemd, Kubernetes, Compose restart policy) takes it from here.
      setTimeout(() => process.exit(1), 100);
      return;
    }
    const delay = this.policy.restartDelayMs * 2 ** this.restarts.length;
    this.restarts.push(now);
    this.logger.error(
      { error: error.name, delayMs: delay },
      `The Kafka consumer stopped (${error.name}); restarting it in ${delay} ms`,
    );
    this.restartTimer = setTimeout(() => void this.restart(), delay);
  }

  private async restart(): Promise<void> {
    const server = this.server;
    if (!server || this.shuttingDown) return;
    this.state = 'restarting';
    try {
      await server.close();
      await new Promise<void>((resolve, reject) => server.listen((err?: unknown) => (err ? reject(err) : resolve())));
      this.logger.log('The Kafka consumer is running again');
    } catch (err) {
      // A failed restart counts as one: a consumer that cannot come back ends in an exit, not a loop.
      this.logger.error(
        { error: (err as Error).name },
        `Restarting the Kafka consumer failed (${(err as Error).message})`,
      );
      if (!this.shuttingDown) this.scheduleRestart(err as Error);
    }
  }

  // A consumer that stops because the service stops is not restarted.
  onModuleDestroy(): void {
    this.shuttingDown = true;
    clearTimeout(this.restartTimer);
  }

  beforeApplicationShutdown(): void {
    this.onModuleDestroy();
  }
}
