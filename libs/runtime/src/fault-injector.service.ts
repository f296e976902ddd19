import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { LRUCache } from 'lru-cache';
import { FatalConsumerError } from '@ituna/kafka';
import { sleep } from './delays';
import { Faults, InjectedFaultError, parseFaults } from './faults';
import { ITUNA_CONFIG, ItunaConfig } from './ituna.config';

/**
 * Fault injection for watching a bottleneck appear and disappear: ITUNA_FAULTS (JSON) at start,
 * or ITUNA_FAULTS_FILE, a JSON file re-read whenever it changes (no restart, no rebuild).
 * Example: {"validate-inventory": {"extraDelayMs": 800}, "validate-address": {"failRate": 0.1}}.
 * Per order: {"cook-order": {"failTimes": 2, "orderIds": ["<id>"]}} fails that order's first two tries.
 * {"commit-transaction": {"extraDelayMs": 2000}} holds each Kafka transaction open 2 s before its commit.
 */
@Injectable()
export class FaultInjector implements OnModuleDestroy {
  private readonly logger = new Logger(FaultInjector.name);
  private faults: Faults;
  private readonly file?: string;
  /** Tries so far per step and order, for failTimes (bounded: a fault left on must not grow memory). */
  private readonly tries = new LRUCache<string, number>({ max: 10_000 });

  constructor(config: ConfigService) {
    const { inline, file } = config.getOrThrow<ItunaConfig>(ITUNA_CONFIG).faults;
    this.faults = parseFaults(inline);
    this.file = file;
    if (this.file) {
      const file = this.file;
      this.reload(file);
      // Polling, not fs.watch: editors replace files, and polling survives that on every platform.
      watchFile(file, { interval: 500 }, () => this.reload(file));
    }
    if (Object.keys(this.faults).length) this.logger.warn({ faults: this.faults }, 'Fault injection is on');
  }

  private reload(file: string): void {
    try {
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        /* no file yet: no faults */
      }
      this.faults = parseFaults(text);
      this.logger.warn({ faults: this.faults, file: this.file }, 'Fault injection settings loaded');
    } catch (err) {
      this.logger.error({ file: this.file }, `Fault file ignored, previous settings kept: ${(err as Error).message}`);
    }
  }

  /** The step's extra delay, then its failure (InjectedFaultError) as configured for this order. */
  async apply(step: string, orderId?: string): Promise<void> {
    const fault = this.faults[step];
    if (!fault) return;
    if (fault.orderIds && (orderId === undefined || !fault.orderIds.includes(orderId))) return;
    await sleep(fault.extraDelayMs ?? 0);
    if (fault.failTimes !== undefined) {
      const key = `${step}\u0000${orderId ?? ''}`;
      const tries = (this.tries.get(key) ?? 0) + 1;
      this.tries.set(key, tries);
      if (tries <= fault.failTimes) throw new InjectedFaultError(step);
    }
    if (fault.failRate && Math.random() < fault.failRate) throw new InjectedFaultError(step);
  }

  /**
   * Fault step `kafka-consumer`: the service's consumer stops, as kafkajs stops it after a
   * non-retriable error, to watch /health report it and the consumer come back.
   */
  async applyToConsumer(orderId: string): Promise<void> {
    try {
      await this.apply('kafka-consumer', orderId);
    } catch (err) {
      if (err instanceof InjectedFaultError) throw new FatalConsumerError(`${err.message}: the consumer stops`);
      throw err;
    }
  }

  onModuleDestroy(): void {
    if (this.file) unwatchFile(this.file);
  }
}
