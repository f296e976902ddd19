import { runInSpan } from '../run-in-span';
import { ConsumedMessage, startConsumerSpan } from './consumer-span';

/** The batch a kafkajs `eachBatch` handler gets, as far as a span needs it. */
export interface ConsumedBatch {
  topic: string;
  partition: number;
}

export interface ProcessTracedOptions {
  /** The group as Kafka sees it, for `messaging.consumer.group.name`. */
  consumerGroup?: string;
}

/**
 * Runs fn for one message of a kafkajs batch inside its own CONSUMER span `process <topic>`:
 * child of (and linked to) the producer's context from the message's headers, started when fn
 * starts and ended when its promise settles, so each message of a batch keeps its own trace and
 * its own timing. For `eachBatch` handlers, where no interceptor sees the single messages.
 */
export function processTraced<T>(
  batch: ConsumedBatch,
  message: ConsumedMessage,
  fn: () => T | Promise<T>,
  options: ProcessTracedOptions = {},
): Promise<T> {
  const { span, parent } = startConsumerSpan({ ...batch, consumerGroup: options.consumerGroup }, message);
  return runInSpan(span, parent, async () => fn());
}
