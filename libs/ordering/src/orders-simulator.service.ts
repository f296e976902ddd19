import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import { randomOrder } from '@ituna/contracts';
import type { Channel } from '@ituna/contracts';
import { sleep } from '@ituna/runtime';
import { ORDERING_CHANNEL } from './ordering.constants';
import { ORDERING_CONFIG, type OrderingConfig } from './ordering.config';
import { OrderPlacementService } from './order-placement.service';

/** Like the original: place one random order, pause, repeat. ITUNA_SIMULATOR_INTERVAL_MS=0 turns it off. */
@Injectable()
export class OrdersSimulator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OrdersSimulator.name);
  private running = false;
  private loop?: Promise<void>;
  private readonly intervalMs: number;

  constructor(
    private readonly placement: OrderPlacementService,
    @Inject(ORDERING_CHANNEL) private readonly channel: Channel,
    @Inject(getConfigToken(ORDERING_CONFIG)) config: OrderingConfig,
  ) {
    this.intervalMs = config.simulatorIntervalMs;
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs === 0) return void this.logger.log('Order simulator is off (ITUNA_SIMULATOR_INTERVAL_MS=0)');
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      // A failed order is logged by the placement service; the simulator keeps going.
      await this.placement.place(randomOrder(this.channel)).catch(() => undefined);
      await sleep(this.intervalMs);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}
