import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ServiceModule } from '@ituna/runtime';
import { KitchenConsumer } from './kitchen.consumer';
import { KitchenLedger } from './kitchen-ledger';
import { KitchenService } from './kitchen.service';
import { KitchenEnvSchema } from './kitchen-env.schema';
import { kitchenConfig } from './kitchen.config';
import { SERVICE_NAME } from './service-name';

@Module({
  imports: [ServiceModule.forService(SERVICE_NAME, KitchenEnvSchema), ConfigModule.forFeature(kitchenConfig)],
  controllers: [KitchenConsumer],
  providers: [KitchenService, KitchenLedger],
})
export class AppModule {}
