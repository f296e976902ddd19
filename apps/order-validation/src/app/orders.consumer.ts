import { Controller, Inject, Logger } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import {
  ATTR_ITUNA_DUPLICATE,
  ATTR_ITUNA_ORDER_ID,
  Order,
  OrderRejected,
  TOPICS,
  orderRejected,
} from '@ituna/contracts';
import { KafkaOutbox, Outbox } from '@ituna/kafka';
import { FaultInjector, consumedOrder, sleep } from '@ituna/runtime';
import { emitTraced } from '@ituna/tracing';
import { OrderValidator } from './order-validator.service';
import { VALIDATION_CONFIG, type ValidationConfig } from './validation.config';

/**
 * Consumes `ituna-orders`: a valid order is validated and republished to `kitchen-orders` or
 * `orders-rejected`, once per order id (a duplicate is skipped: a retried POST, a redelivery).
 * What is not an order, or fails here again and again, goes to `ituna-orders.dlq`
 * (KafkaDeliveryInterceptor). Exactly-once, what it writes, the order id it marks processed and
 * the message's offset are committed together by the partition's worker.
 */
@Controller()
export class OrdersConsumer {
  private readonly logger = new Logger(OrdersConsumer.name);
  private readonly republishDelay: number;

  constructor(
    private readonly validator: OrderValidator,
    @Inject(getConfigToken(VALIDATION_CONFIG)) config: ValidationConfig,
    private readonly faults: FaultInjector,
  ) {
    this.republishDelay = config.delays.republish;
  }

  @EventPattern(TOPICS.orders)
  async onOrder(@Ctx() ctx: KafkaContext, @Outbox() outbox: KafkaOutbox): Promise<void> {
    const order = await consumedOrder(ctx, this.faults);
    if (outbox.hasProcessed(order.orderId)) {
      trace.getActiveSpan()?.setAttribute(ATTR_ITUNA_DUPLICATE, true);
      return void this.logger.log(
        { orderId: order.orderId },
        `Order ${order.orderId} arrived again; already validated, skipping`,
      );
    }
    this.logger.log({ orderId: order.orderId }, `Received order ${order.orderId} for validation`);

    const outcome = await this.validator.validate(order);
    await sleep(this.republishDelay);
    if (outcome.accepted) {
      await this.publish(outbox, TOPICS.kitchen, order.orderId, order);
      this.logger.log({ orderId: order.orderId }, `Validated and republished order for kitchen: ${order.orderId}`);
    } else {
      const rejection = orderRejected(order, outcome.rejection);
      await this.publish(outbox, TOPICS.rejected, order.orderId, rejection);
      this.logger.warn(
        { orderId: order.orderId, reason: rejection.reason },
        `Rejected order ${order.orderId}: ${rejection.reason}`,
      );
    }
    outbox.markProcessed(order.orderId);
  }

  private publish(outbox: KafkaOutbox, topic: string, orderId: string, value: Order | OrderRejected) {
    return emitTraced(outbox, topic, { key: orderId, value }, { attributes: { [ATTR_ITUNA_ORDER_ID]: orderId } });
  }
}
