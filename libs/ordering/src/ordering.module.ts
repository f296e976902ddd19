import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import type { Channel } from '@ituna/contracts';
import { ORDERING_CHANNEL } from './ordering.constants';
import { KafkaUnavailableFilter } from './kafka-unavailable.filter';
import { OrderPlacementService } from './order-placement.service';
import { OrdersSimulator } from './orders-simulator.service';
import { IdempotentPlacementService } from './idempotency/idempotent-placement.service';
import { orderingConfig } from './ordering.config';
import { ordersControllerFor } from './orders.controller';

/**
 * One channel's ordering service: `POST /orders` (validated, idempotent by key), placement, the
 * simulator and the channel's placing delay; a write Kafka did not take answers 503.
 */
@Module({})
export class OrderingModule {
  static forChannel(channel: Channel): DynamicModule {
    return {
      module: OrderingModule,
      imports: [ConfigModule.forFeature(orderingConfig(channel))],
      controllers: [ordersControllerFor(channel)],
      providers: [
        { provide: ORDERING_CHANNEL, useValue: channel },
        { provide: APP_FILTER, useClass: KafkaUnavailableFilter },
        OrderPlacementService,
        IdempotentPlacementService,
        OrdersSimulator,
      ],
    };
  }
}
