import { Module } from '@nestjs/common';
import { OrderingEnvSchema, OrderingModule } from '@ituna/ordering';
import { ServiceModule } from '@ituna/runtime';
import { SERVICE_NAME } from './service-name';

@Module({
  imports: [ServiceModule.forService(SERVICE_NAME, OrderingEnvSchema), OrderingModule.forChannel('website')],
})
export class AppModule {}
