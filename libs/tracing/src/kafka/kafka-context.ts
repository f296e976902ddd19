import type { ConsumedMessage } from './consumer-span';

/** What the tracing reads from Nest's KafkaContext (duck-typed: no second copy of Nest matters). */
export interface KafkaContextLike {
  getTopic(): string;
  getPartition(): number;
  getMessage(): ConsumedMessage;
}

/** The RPC context as a Kafka context, or undefined for any other transport. */
export function kafkaContextOf(rpc: unknown): KafkaContextLike | undefined {
  const candidate = rpc as Partial<KafkaContextLike> | null | undefined;
  return candidate && typeof candidate.getTopic === 'function' && typeof candidate.getMessage === 'function'
    ? (candidate as KafkaContextLike)
    : undefined;
}
