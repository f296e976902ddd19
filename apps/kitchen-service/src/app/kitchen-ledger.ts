import { Inject, Injectable } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import { KITCHEN_CONFIG, type KitchenConfig } from './kitchen.config';

type Stage = 'cooked' | 'announced';

/**
 * What the kitchen has done per order id, so that a redelivered order (Kafka is at-least-once)
 * is never cooked twice while the service runs. Bounded: the oldest orders are forgotten first.
 * Process memory only: after a restart, an order redelivered from before the last committed
 * offset can be cooked again (see README, Reliability).
 */
@Injectable()
export class KitchenLedger {
  private readonly stages: LRUCache<string, Stage>;

  constructor(@Inject(getConfigToken(KITCHEN_CONFIG)) config: KitchenConfig) {
    // ITUNA_KITCHEN_LEDGER_SIZE, checked at start (a whole number >= 1).
    this.stages = new LRUCache<string, Stage>({ max: config.ledgerSize });
  }

  stageOf(orderId: string): Stage | undefined {
    return this.stages.get(orderId);
  }

  markCooked(orderId: string): void {
    this.stages.set(orderId, 'cooked');
  }

  markAnnounced(orderId: string): void {
    this.stages.set(orderId, 'announced');
  }
}
