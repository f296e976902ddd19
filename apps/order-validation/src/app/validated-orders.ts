import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

/**
 * The order ids this service has already validated and republished, so that the same order
 * arriving twice (a retried POST with the same Idempotency-Key, a redelivery) goes on once.
 * Bounded and in process memory: across a restart, the kitchen's own check is the next guard.
 */
@Injectable()
export class ValidatedOrders {
  private readonly ids = new LRUCache<string, true>({ max: 100_000 });

  has(orderId: string): boolean {
    return this.ids.has(orderId);
  }

  add(orderId: string): void {
    this.ids.set(orderId, true);
  }
}
