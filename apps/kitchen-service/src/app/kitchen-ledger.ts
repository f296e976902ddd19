import { Inject, Injectable } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import { KITCHEN_CONFIG, type KitchenConfig } from './kitchen.config';

/**
 * The orders this process has cooked, so that an order handled again here (a handler tried again,
 * a commit given up and the message fetched anew) is plated without being cooked twice. A hint
 * in process memory: whether an order was announced is the processed key its message committed
 * (KafkaOutbox.markProcessed), which every instance knows.
 */
@Injectable()
export class KitchenLedger {
  private readonly cooked: LRUCache<string, true>;

  constructor(@Inject(getConfigToken(KITCHEN_CONFIG)) config: KitchenConfig) {
    // ITUNA_KITCHEN_LEDGER_SIZE, checked at start (a whole number >= 1).
    this.cooked = new LRUCache<string, true>({ max: config.ledgerSize });
  }

  isCooked(orderId: string): boolean {
    return this.cooked.has(orderId);
  }

  markCooked(orderId: string): void {
    this.cooked.set(orderId, true);
  }
}
