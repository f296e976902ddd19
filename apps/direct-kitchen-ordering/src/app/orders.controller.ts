import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { DirectOrderBody } from '@ituna/contracts';
import { IDEMPOTENCY_KEY_HEADER, IdempotentPlacementService, PlacedOrder, ZodValidationPipe } from '@ituna/ordering';

@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: IdempotentPlacementService) {}

  /**
   * 202 { orderId, traceId } once Kafka has the order; 400 for a bad body or Idempotency-Key; 422 for
   * a key used with another body; 503 when Kafka cannot take it (retry, with the same key if one was sent).
   */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  place(@Body(new ZodValidationPipe(DirectOrderBody)) body: DirectOrderBody, @Headers(IDEMPOTENCY_KEY_HEADER) key?: string): Promise<PlacedOrder> {
    return this.orders.place(key, body, (orderId) => ({
      orderId,
      customerId: randomUUID(),
      channel: 'direct',
      items: body.items,
      placedAt: new Date().toISOString(),
    }));
  }
}
