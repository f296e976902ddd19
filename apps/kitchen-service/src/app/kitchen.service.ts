import { Inject, Injectable } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import { ATTR_ITUNA_ORDER_ID, SPANS } from '@ituna/contracts';
import type { Order } from '@ituna/contracts';
import { FaultInjector, sleep } from '@ituna/runtime';
import { Traced } from '@ituna/tracing';
import { KITCHEN_CONFIG, type KitchenConfig } from './kitchen.config';

const orderAttributes = (order: Order) => ({ [ATTR_ITUNA_ORDER_ID]: order.orderId });

/** Cooking: cutting the fish, then plating it with ginger and wasabi; the simulated work is split between the two. */
@Injectable()
export class KitchenService {
  private readonly kitchenDelay: number;

  constructor(
    @Inject(getConfigToken(KITCHEN_CONFIG)) config: KitchenConfig,
    private readonly faults: FaultInjector,
  ) {
    this.kitchenDelay = config.cookingMs;
  }

  @Traced(SPANS.cookOrder, { attributes: orderAttributes })
  async cook(order: Order): Promise<void> {
    await this.cutFish(order);
    await this.plate(order);
    // A slow kitchen (fault injection: "cook-order": {"extraDelayMs": …}) shows in cook-order's own time.
    await this.faults.apply(SPANS.cookOrder, order.orderId);
  }

  @Traced(SPANS.cutFish, { attributes: orderAttributes })
  async cutFish(_order: Order): Promise<void> {
    await sleep(Math.ceil(this.kitchenDelay / 2));
  }

  @Traced(SPANS.plate, { attributes: orderAttributes })
  async plate(_order: Order): Promise<void> {
    await sleep(Math.floor(this.kitchenDelay / 2));
  }
}
