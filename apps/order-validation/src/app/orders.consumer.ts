import { Controller, Inject, Logger } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import { ClientKafka, Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import {
  ATTR_ITUNA_DUPLICATE,
  ATTR_ITUNA_ORDER_ID,
  Order,
  OrderRejected,
  TOPICS,
  orderRejected,
} from '@ituna/contracts';
import { KAFKA_PRODUCER } from '@ituna/kafka';
import { FaultInjector, consumedOrder, sleep } from '@ituna/runtime';
import { emitTraced } from '@ituna/tracing';
import { OrderValidator } from './order-validator.service';
import { ValidatedOrders } from './validated-orders';
import { VALIDATION_CONFIG, type ValidationConfig } from './validation.config';

/**
 * Consumes `ituna-orders`: a valid order is validated and republished to `kitchen-orders` or
 * `orders-rejected`. What is not an order, or fails here again and again, goes to
 * `ituna-orders.dlq`; a write Kafka cannot take is retried (KafkaDeliveryInterceptor).
 */
@Controller()
export class OrdersConsumer {
  private readonly logger = new Logger(OrdersConsumer.name);
  private readonly republishDelay: number;

  constructor(
    private readonly validator: OrderValidator,
    @Inject(KAFKA_PRODUCER) private readonly producer: ClientKafka,
    @Inject(getConfigToken(VALIDATION_CONFIG)) config: ValidationConfig,
    private readonly faults: FaultInjector,
    private readonly validated: ValidatedOrders,
  ) {
    this.republishDelay = config.delays.republish;
  }

  @EventPattern(TOPICS.orders)
  async onOrder(@Ctx() ctx: KafkaContext): Promise<void> {
    const order = await consumedOrder(ctx, this.faults);
    const span = trace.getActiveSpan();
    if (this.validated.has(order.orderId)) {
      span?.setAttribute(ATTR_ITUNA_DUPLICATE, true);
      return void this.logger.log(
        { orderId: order.orderId },
        `Order ${order.orderId} arrived again; already validated, skipping`,
      );
    }
    this.logger.log({ orderId: order.orderId }, `Received order ${order.orderId} for validation`);

    const outcome = await this.validator.validate(order);
    await sleep(this.republishDelay);
    if (outcome.accepted) {
      await this.publish(TOPICS.kitchen, order.orderId, order);
      this.validated.add(order.orderId);
      this.logger.log({ orderId: order.orderId }, `Validated and republished order for kitchen: ${order.orderId}`);
    } else {
      const rejection = orderRejected(order, outcome.rejection);
      await this.publish(TOPICS.rejected, order.orderId, rejection);
      this.validated.add(order.orderId);
      this.logger.warn(
        { orderId: order.orderId, reason: rejection.reason },
        `Rejected order ${order.orderId}: ${rejection.reason}`,
      );
    }
  }

  private publish(topic: string, orderId: string, value: Order | OrderRejected) {
    return emitTraced(
      this.producer,
      topic,
      { key: orderId, value },
      { attributes: { [ATTR_ITUNA_ORDER_ID]: orderId } },
    );
  }
}
