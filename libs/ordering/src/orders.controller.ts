import { Body, Controller, Headers, HttpCode, HttpStatus, Post, Type } from '@nestjs/common';
import type { Channel } from '@ituna/contracts';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency/idempotency-key';
import { IdempotentPlacementService } from './idempotency/idempotent-placement.service';
import type { PlacedOrder } from './order-placement.service';
import { ORDERING_CHANNELS } from './ordering-channels';
import type { ChannelBodies, OrderingChannel } from './ordering-channels';
import { ZodValidationPipe } from './zod-validation.pipe';

/**
 * The `POST /orders` controller of one channel (a mixin, as Nest's own AuthGuard('jwt')): the three
 * ordering services differ only in the body they validate and the fields it gives the order.
 */
export function ordersControllerFor<C extends Channel>(channel: C): Type<unknown> {
  const spec: OrderingChannel<ChannelBodies[C]> = ORDERING_CHANNELS[channel];

  @Controller('orders')
  class OrdersController {
    constructor(private readonly orders: IdempotentPlacementService) {}

    /**
     * 202 { orderId, traceId } once Kafka has the order; 400 for a bad body or Idempotency-Key; 422 for
     * a key used with another body; 503 when Kafka cannot take it (retry, with the same key if one was sent).
     */
    @Post()
    @HttpCode(HttpStatus.ACCEPTED)
    place(
      @Body(new ZodValidationPipe(spec.body)) body: ChannelBodies[C],
      @Headers(IDEMPOTENCY_KEY_HEADER) key?: string,
    ): Promise<PlacedOrder> {
      return this.orders.place(key, body, (orderId) => ({
        orderId,
        channel,
        items: body.items,
        ...spec.orderFields(body),
        placedAt: new Date().toISOString(),
      }));
    }
  }
  return OrdersController;
}
