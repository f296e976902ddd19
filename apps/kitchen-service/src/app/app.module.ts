import { Module } from '@nestjs/common';
import { ServiceModule } from '@ituna/runtime';
import { KitchenConsumer } from './kitchen.consumer';
import { KitchenLedger } from './kitchen-ledger';
import { KitchenService } from './kitchen.service';
import { SERVICE_NAME } from './service-name';

@Module({
  imports: [ServiceModule.forService(SERVICE_NAME)],
  controllers: [KitchenConsumer],
  providers: [KitchenService, KitchenLedger],
})
export class AppModule {}
