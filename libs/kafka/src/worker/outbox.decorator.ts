import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { KafkaOutbox } from './outbox';

/** Each message's outbox, by the KafkaContext Nest made for it (bound by KafkaDeliveryInterceptor). */
const outboxes = new WeakMap<object, KafkaOutbox>();

export function bindOutbox(kafkaContext: object, outbox: KafkaOutbox): void {
  outboxes.set(kafkaContext, outbox);
}

/** The outbox of the message a Kafka handler is handling (`@Ctx() ctx: KafkaContext`). */
export function outboxOf(kafkaContext: object): KafkaOutbox {
  const outbox = outboxes.get(kafkaContext);
  if (!outbox)
    throw new Error(
      'no KafkaOutbox for this message: it is bound by KafkaDeliveryInterceptor, which must be a global interceptor of the Kafka microservice (bootstrapService registers it)',
    );
  return outbox;
}

/**
 * The handler's KafkaOutbox, as a parameter:
 * `@EventPattern('orders') onOrder(@Ctx() ctx: KafkaContext, @Outbox() outbox: KafkaOutbox)`.
 */
export const Outbox = createParamDecorator((_data: unknown, ctx: ExecutionContext): KafkaOutbox =>
  outboxOf(ctx.switchToRpc().getContext()),
);
