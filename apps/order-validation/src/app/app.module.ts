import { Module } from '@nestjs/common';
import { ServiceModule } from '@ituna/runtime';
import { OrdersConsumer } from './orders.consumer';
import { OrderValidator } from './order-validator.service';
import { ValidatedOrders } from './validated-orders';
import { SERVICE_NAME } from './service-name';

@Module({
  imports: [ServiceModule.forService(SERVICE_NAME)],
  controllers: [OrdersConsumer],
  providers: [OrderValidator, ValidatedOrders],
})
export class AppModule {}
