import type { KafkaContext } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import { ATTR_ITUNA_ORDER_ID, parseOrder } from '@ituna/contracts';
import type { Order } from '@ituna/contracts';
import { InvalidMessageError } from '@ituna/kafka';
import type { FaultInjector } from './fault-injector.service';

/**
 * The order a consumed message holds, as both consuming services take it: a message that is not
 * an order is an InvalidMessageError (dead-lettered at once, with the reason); the order's id goes
 * on the message's consumer span; then the consumer's injected fault, if any, applies.
 */
export async function consumedOrder(ctx: KafkaContext, faults: FaultInjector): Promise<Order> {
  const parsed = parseOrder(ctx.getMessage().value);
  if (!parsed.ok) throw new InvalidMessageError(parsed.reason);
  trace.getActiveSpan()?.setAttribute(ATTR_ITUNA_ORDER_ID, parsed.order.orderId);
  await faults.applyToConsumer(parsed.order.orderId);
  return parsed.order;
}
