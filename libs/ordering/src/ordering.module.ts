import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Channel } from '@ituna/contracts';
import { ORDERING_CHANNEL } from './ordering.constants';
import { KafkaUnavailableFilter } from './kafka-unavailable.filter';
import { OrderPlacementService } from './order-placement.service';
import { OrdersSimulator } from './orders-simulator.service';
import { IdempotentPlacementService } from './idempotency/idempotent-placement.service';

/** Order placement and the simulator for one channel; a write Kafka did not take answers 503. */
@Module({})
export class OrderingModule {
  static forChannel(channel: Channel): DynamicModule {
    return {
      module: OrderingModule,
      providers: [{ provide: ORDERING_CHANNEL, useValue: channel }, { provide: APP_FILTER, useClass: KafkaUnavailableFilter }, OrderPlacementService, IdempotentPlacementService, OrdersSimulator],
      exports: [OrderPlacementService, IdempotentPlacementService],
    };
  }
}
