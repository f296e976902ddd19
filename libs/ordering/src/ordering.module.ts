import { DynamicModule, Module } from '@nestjs/common';
import type { Channel } from '@ituna/contracts';
import { ORDERING_CHANNEL } from './ordering-channel';
import { OrderPlacementService } from './order-placement.service';
import { OrdersSimulator } from './orders-simulator.service';
import { IdempotentPlacementService } from './idempotency/idempotent-placement.service';

/** Order placement and the simulator for one channel. */
@Module({})
export class OrderingModule {
  static forChannel(channel: Channel): DynamicModule {
    return {
      module: OrderingModule,
      providers: [{ provide: ORDERING_CHANNEL, useValue: channel }, OrderPlacementService, IdempotentPlacementService, OrdersSimulator],
      exports: [OrderPlacementService, IdempotentPlacementService],
    };
  }
}
