import { randomUUID } from 'node:crypto';
import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { Channel, Order } from '@ituna/contracts';
import { OrderPlacementService, PlacedOrder } from '../order-placement.service';
import { ORDERING_CHANNEL } from '../ordering.constants';
import { bodyDigest, orderIdForKey, parseIdempotencyKey } from './idempotency-key';

interface KeyRecord {
  digest: string;
  /** The 202 answer once the order is in Kafka; absent while placing or after a 503. */
  placed?: PlacedOrder;
  placing?: Promise<PlacedOrder>;
}

/**
 * `POST /orders` with or without an Idempotency-Key. With a key, the order id is derived from the
 * channel and the key, so every retry names the same order: a key already answered 202 gets the
 * same answer without a second write; a retry after a 503, a timeout or a dropped connection
 * writes the same order id again, and the consumers, idempotent by order id, make it one order.
 * The same key with another body is a 422. Keys are remembered here, bounded (100 000, 24 h).
 */
@Injectable()
export class IdempotentPlacementService {
  private readonly keys = new LRUCache<string, KeyRecord>({ max: 100_000, ttl: 24 * 60 * 60_000 });

  constructor(
    private readonly placement: OrderPlacementService,
    @Inject(ORDERING_CHANNEL) private readonly channel: Channel,
  ) {}

  /** `build` makes the order from its id; `body` is the validated request body the key stands for. */
  async place(
    rawKey: string | string[] | undefined,
    body: unknown,
    build: (orderId: string) => Order,
  ): Promise<PlacedOrder> {
    const key = parseIdempotencyKey(rawKey);
    if (key === undefined) return this.placement.place(build(randomUUID()));

    const digest = bodyDigest(body);
    const known = this.keys.get(key);
    if (known && known.digest !== digest)
      throw new UnprocessableEntityException('this Idempotency-Key was already used with a different request body');
    if (known?.placed) return known.placed;
    // A second request with the key while the first is still placing waits for the same outcome.
    if (known?.placing) return known.placing;

    const record: KeyRecord = { digest };
    record.placing = this.placement.place(build(orderIdForKey(this.channel, key)));
    this.keys.set(key, record);
    try {
      record.placed = await record.placing;
      return record.placed;
    } finally {
      record.placing = undefined;
    }
  }
}
