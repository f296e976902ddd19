import { Inject, Injectable, Logger } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import { ClientKafka } from '@nestjs/microservices';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { ATTR_ITUNA_ORDER_CHANNEL, ATTR_ITUNA_ORDER_ID, ATTR_ITUNA_ORDER_ITEM_COUNT, SPANS } from '@ituna/contracts';
import type { Order } from '@ituna/contracts';
import { KAFKA_PRODUCER } from '@ituna/kafka';
import { sleep } from '@ituna/runtime';
import { Traced, emitTraced } from '@ituna/tracing';
import { KafkaUnavailableError } from './kafka-unavailable.error';
import { ORDERING_CHANNELS } from './ordering-channels';
import { ORDERING_CONFIG, type OrderingConfig } from './ordering.config';

export interface PlacedOrder {
  orderId: string;
  /** The order's trace in Jaeger; null when tracing is off. */
  traceId: string | null;
}

/**
 * Places one order: the simulated placing work, then the write to Kafka, acknowledged by all
 * in-sync replicas before it resolves. Rejects with KafkaUnavailableError when Kafka cannot take it.
 */
@Injectable()
export class OrderPlacementService {
  private readonly logger = new Logger(OrderPlacementService.name);
  private readonly placingDelayMs: number;

  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: ClientKafka,
    @Inject(getConfigToken(ORDERING_CONFIG)) configService: OrderingConfig,
  ) {
    this.placingDelayMs = configService.placingDelayMs;
  }

  @Traced(SPANS.placeOrder, {
    attributes: (order: Order) => ({
      [ATTR_ITUNA_ORDER_ID]: order.orderId,
      [ATTR_ITUNA_ORDER_CHANNEL]: order.channel,
      [ATTR_ITUNA_ORDER_ITEM_COUNT]: Object.values(order.items).reduce((a, b) => a + b, 0),
    }),
  })
  async place(order: Order): Promise<PlacedOrder> {
    const spanContext = trace.getActiveSpan()?.spanContext();
    const { words, topic } = ORDERING_CHANNELS[order.channel];
    this.logger.log(
      { orderId: order.orderId, channel: order.channel },
      `Placing ${words} order with id ${order.orderId}`,
    );
    await sleep(this.placingDelayMs);
    try {
      await emitTraced(
        this.producer,
        topic,
        { key: order.orderId, value: order },
        { attributes: { [ATTR_ITUNA_ORDER_ID]: order.orderId } },
      );
    } catch (err) {
      this.logger.error(
        { orderId: order.orderId, err: (err as Error).message },
        `Order ${order.orderId} was NOT placed: Kafka did not take it`,
      );
      throw new KafkaUnavailableError(order.orderId, err);
    }
    this.logger.log(
      { orderId: order.orderId },
      `${words.replace(/^a(n)? /, 'The ')} order has been placed successfully`,
    );
    return {
      orderId: order.orderId,
      traceId: spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : null,
    };
  }
}
