import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ServiceModule } from '@ituna/runtime';
import { OrdersConsumer } from './orders.consumer';
import { OrderValidator } from './order-validator.service';
import { SERVICE_NAME } from './service-name';
import { ValidationEnvSchema } from './validation-env.schema';
import { validationConfig } from './validation.config';

@Module({
  imports: [ServiceModule.forService(SERVICE_NAME, ValidationEnvSchema), ConfigModule.forFeature(validationConfig)],
  controllers: [OrdersConsumer],
  providers: [OrderValidator],
})
export class AppModule {}
