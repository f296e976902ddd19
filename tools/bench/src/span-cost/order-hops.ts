import { randomBytes } from 'node:crypto';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { ATTR_ITUNA_ORDER_ID, SPANS, TOPICS } from '@ituna/contracts';
import { KafkaTracingInterceptor, Traced, emitTraced, type KafkaEmitter, type KafkaHeaders } from '@ituna/tracing';
import { defer, lastValueFrom, of } from 'rxjs';

/** An order's two consuming hops as the services trace them: 6 spans in validation, 5 in the kitchen. */
export const SPANS_PER_ORDER = 11;

interface BenchOrder {
  orderId: string;
  items: string[];
}

const orderAttributes = (order: BenchOrder) => ({ [ATTR_ITUNA_ORDER_ID]: order.orderId });

/** The span shapes of order-validation's OrderValidator and the kitchen's KitchenService; the work itself is trivial. */
class Validator {
  @Traced('validate-order', { attributes: orderAttributes })
  async validate(order: BenchOrder): Promise<boolean> {
    await this.address(order);
    await this.name(order);
    await this.inventory(order);
    return true;
  }

  @Traced('validate-address', { attributes: orderAttributes })
  async address(order: BenchOrder): Promise<boolean> {
    return order.orderId.length > 0;
  }

  @Traced('validate-name', { attributes: orderAttributes })
  async name(order: BenchOrder): Promise<boolean> {
    return order.orderId.length > 0;
  }

  @Traced('validate-inventory', { attributes: orderAttributes })
  async inventory(order: BenchOrder): Promise<boolean> {
    return order.items.length > 0;
  }
}

class Kitchen {
  @Traced(SPANS.cookOrder, { attributes: orderAttributes })
  async cook(order: BenchOrder): Promise<void> {
    await this.cutFish(order);
    await this.plate(order);
  }

  @Traced('cut-fish', { attributes: orderAttributes })
  async cutFish(order: BenchOrder): Promise<number> {
    return order.items.length;
  }

  @Traced('plate', { attributes: orderAttributes })
  async plate(order: BenchOrder): Promise<number> {
    return order.items.length;
  }
}

/** ClientKafka's part that emitTraced uses, acknowledged at once: the hop's next headers are kept, nothing is sent. */
class CapturingEmitter implements KafkaEmitter {
  headers: KafkaHeaders = {};

  emit<TResult = unknown, TInput = unknown>(_topic: string, data: TInput) {
    this.headers = (data as { headers?: KafkaHeaders }).headers ?? {};
    return of([{ partition: 0, baseOffset: '0' }] as TResult);
  }
}

/** Nest's ExecutionContext for one Kafka message, the part the interceptor reads. */
function kafkaExecutionContext(topic: string, key: string, headers: KafkaHeaders): ExecutionContext {
  const message = { key, offset: '0', headers };
  const kafka = { getTopic: () => topic, getPartition: () => 0, getMessage: () => message };
  return { getType: () => 'rpc', switchToRpc: () => ({ getContext: () => kafka }) } as unknown as ExecutionContext;
}

/**
 * Runs orders through both consuming hops with the library's own pieces (the consumer
 * interceptor, `@Traced`, `emitTraced`), without Kafka and without Nest's transport, so that
 * what differs between the layers is tracing alone.
 */
export class OrderHops {
  private readonly interceptor = new KafkaTracingInterceptor({ consumerGroup: 'span-cost' });
  private readonly validator = new Validator();
  private readonly kitchen = new Kitchen();
  private readonly emitter = new CapturingEmitter();

  async run(order: BenchOrder): Promise<void> {
    // A producer's context, as the ordering services' `send ituna-orders` would write it.
    const placed: KafkaHeaders = {
      traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    };
    await this.consume(TOPICS.orders, order, placed, async () => {
      await this.validator.validate(order);
      await emitTraced(
        this.emitter,
        TOPICS.kitchen,
        { key: order.orderId, value: order },
        { attributes: orderAttributes(order) },
      );
    });
    await this.consume(TOPICS.kitchen, order, this.emitter.headers, async () => {
      await this.kitchen.cook(order);
      await emitTraced(
        this.emitter,
        TOPICS.ready,
        { key: order.orderId, value: order },
        { attributes: orderAttributes(order) },
      );
    });
  }

  private consume(
    topic: string,
    order: BenchOrder,
    headers: KafkaHeaders,
    handler: () => Promise<void>,
  ): Promise<unknown> {
    const next: CallHandler = { handle: () => defer(handler) };
    return lastValueFrom(this.interceptor.intercept(kafkaExecutionContext(topic, order.orderId, headers), next), {
      defaultValue: undefined,
    });
  }
}
