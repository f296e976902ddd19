import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { WebsiteOrderBody } from '@ituna/contracts';
import { OrderPlacementService, PlacedOrder, ZodValidationPipe, placeOrRespond503 } from '@ituna/ordering';

@Controller('orders')
export class OrdersController {
  constructor(private readonly placement: OrderPlacementService) {}

  /** 202 { orderId, traceId } once Kafka has the order; 400 for a bad body; 503 when Kafka cannot take it. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  place(@Body(new ZodValidationPipe(WebsiteOrderBody)) body: WebsiteOrderBody): Promise<PlacedOrder> {
    return placeOrRespond503(this.placement, {
      orderId: randomUUID(),
      customerId: body.customerId ?? randomUUID(),
      channel: 'website',
      items: body.items,
      address: body.address,
      placedAt: new Date().toISOString(),
    });
  }
}
