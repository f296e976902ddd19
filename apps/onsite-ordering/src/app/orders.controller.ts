import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { OnsiteOrderBody } from '@ituna/contracts';
import { OrderPlacementService, PlacedOrder, ZodValidationPipe, placeOrRespond503 } from '@ituna/ordering';

@Controller('orders')
export class OrdersController {
  constructor(private readonly placement: OrderPlacementService) {}

  /** 202 { orderId, traceId } once Kafka has the order; 400 for a bad body; 503 when Kafka cannot take it. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  place(@Body(new ZodValidationPipe(OnsiteOrderBody)) body: OnsiteOrderBody): Promise<PlacedOrder> {
    return placeOrRespond503(this.placement, {
      orderId: randomUUID(),
      customerId: randomUUID(),
      channel: 'onsite',
      items: body.items,
      table: body.table,
      placedAt: new Date().toISOString(),
    });
  }
}
