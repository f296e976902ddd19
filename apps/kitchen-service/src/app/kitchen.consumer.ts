import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import { ATTR_ITUNA_DUPLICATE, ATTR_ITUNA_ORDER_ID, TOPICS, orderReady } from '@ituna/contracts';
import { KafkaOutbox, Outbox } from '@ituna/kafka';
import { FaultInjector, consumedOrder } from '@ituna/runtime';
import { emitTraced } from '@ituna/tracing';
import { KitchenLedger } from './kitchen-ledger';
import { KitchenService } from './kitchen.service';

/**
 * Consumes `kitchen-orders`: cooks each order and announces it on `orders-ready`, once per order
 * id (a duplicate is skipped). What is not an order, or fails here again and again, goes to
 * `kitchen-orders.dlq` (KafkaDeliveryInterceptor).
 */
@Controller()
export class KitchenConsumer {
  private readonly logger = new Logger(KitchenConsumer.name);

  constructor(
    private readonly kitchen: KitchenService,
    private readonly ledger: KitchenLedger,
    private readonly faults: FaultInjector,
  ) {}

  @EventPattern(TOPICS.kitchen)
  async onKitchenOrder(@Ctx() ctx: KafkaContext, @Outbox() outbox: KafkaOutbox): Promise<void> {
    const order = await consumedOrder(ctx, this.faults);
    if (outbox.hasProcessed(order.orderId)) {
      trace.getActiveSpan()?.setAttribute(ATTR_ITUNA_DUPLICATE, true);
      return void this.logger.warn(
        { orderId: order.orderId },
        `Order ${order.orderId} was delivered again; already cooked and announced, skipping`,
      );
    }
    this.logger.log({ orderId: order.orderId }, `Received order ${order.orderId} for processing`);
    if (!this.ledger.isCooked(order.orderId)) {
      await this.kitchen.cook(order);
      this.ledger.markCooked(order.orderId);
    }

    const ready = orderReady(order);
    await emitTraced(
      outbox,
      TOPICS.ready,
      { key: order.orderId, value: ready },
      { attributes: { [ATTR_ITUNA_ORDER_ID]: order.orderId } },
    );
    outbox.markProcessed(order.orderId);
    this.logger.log(
      { orderId: order.orderId, dish: ready.dish },
      `Your order is ready. Please enjoy your ${ready.dish} and other food! - Order id = ${order.orderId}`,
    );
  }
}
