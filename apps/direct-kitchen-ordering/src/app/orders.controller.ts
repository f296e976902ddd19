import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { DirectOrderBody } from '@ituna/contracts';
import { OrderPlacementService, PlacedOrder, ZodValidationPipe, placeOrRespond503 } from '@ituna/ordering';

@Controller('orders')
export class OrdersController {
  constructor(private readonly placement: OrderPlacementService) {}

  /** 202 { orderId, traceId } once Kafka has the order; 400 for a bad body; 503 when Kafka cannot take it. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  place(@Body(new ZodValidationPipe(DirectOrderBody)) body: DirectOrderBody): Promise<PlacedOrder> {
    return placeOrRespond503(this.placement, {
      orderId: randomUUID(),
      customerId: randomUUID(),
      channel: 'direct',
      items: body.items,
      placedAt: new Date().toISOString(),
    });
  }
}
