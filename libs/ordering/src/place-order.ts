import { ServiceUnavailableException } from '@nestjs/common';
import { KafkaUnavailableError } from './kafka-unavailable.error';
import { OrderPlacementService, PlacedOrder } from './order-placement.service';
import type { Order } from '@ituna/contracts';

/** For controllers: 202 body on success, 503 (never 202) when Kafka did not take the order. */
export async function placeOrRespond503(placement: OrderPlacementService, order: Order): Promise<PlacedOrder> {
  try {
    return await placement.place(order);
  } catch (err) {
    if (err instanceof KafkaUnavailableError) {
      throw new ServiceUnavailableException(`Kafka cannot take orders right now; order ${order.orderId} was not placed, please retry`);
    }
    throw err;
  }
}
