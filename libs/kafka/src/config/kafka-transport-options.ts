import { KafkaOptions, Transport } from '@nestjs/microservices';
import type { KafkaSettings } from './kafka-settings';

/** About two minutes of tries, at most 5 s apart: every consumer of a service rides out a broker away that long. */
export const CONSUMER_RETRY = { initialRetryTime: 300, maxRetryTime: 5_000, retries: 30 };

/** Nest appends this to the configured group id (and client id) of a Kafka server. */
export const KAFKA_SERVER_POSTFIX = '-server';

/** A service's consumer group as Kafka sees it: its name (the configured group id) with Nest's postfix. */
export const consumerGroupOf = (serviceName: string): string => `${serviceName}${KAFKA_SERVER_POSTFIX}`;

/**
 * Options for a service that consumes with Nest's Kafka transport. Values stay raw bytes
 * (keepBinary) so a message that is not an order can be dead-lettered exactly as it arrived.
 */
export function kafkaConsumerOptions(
  settings: KafkaSettings,
  { partitionsConsumedConcurrently = 3 } = {},
): KafkaOptions & { options: NonNullable<KafkaOptions['options']> } {
  return {
    transport: Transport.KAFKA,
    options: {
      // The consumer's connections and fetches ride out a broker that is away for up to about two
      // minutes, rather than crashing and restarting the consumer every few seconds meanwhile.
      client: { ...settings.client, retry: CONSUMER_RETRY },
      // A crashed member is noticed after 10 s (not kafkajs's 30 s), so its partitions move on sooner.
      // A member hears of a rebalance at its next heartbeat, which kafkajs sends between fetches:
      // an idle fetch waits at most 1 s (not 5) and a heartbeat is due every second, so a rebalance
      // (an instance leaving or joining) holds the group's partitions for about a second, not five.
      consumer: {
        groupId: settings.serviceName,
        allowAutoTopicCreation: false,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
        maxWaitTimeInMs: 1_000,
        rebalanceTimeout: 20_000,
        retry: CONSUMER_RETRY,
      },
      // A new group starts at the beginning of the topic: orders placed before it first started are not skipped.
      subscribe: { fromBeginning: true },
      // One partition at a time is strictly in order; all partitions of a topic in parallel.
      // Exactly-once: offsets are committed only in the partitions' transactions (PartitionWorker);
      // kafkajs reads committed data only by default (read_committed), which exactly-once needs.
      run: { partitionsConsumedConcurrently, autoCommit: settings.delivery === 'at-least-once' },
      parser: { keepBinary: true },
      postfixId: KAFKA_SERVER_POSTFIX,
    },
  };
}

/** Options for the producer-only ClientKafka every service publishes with. */
export function kafkaProducerOptions(settings: KafkaSettings): KafkaOptions['options'] {
  return {
    client: { ...settings.client, clientId: `${settings.serviceName}-producer` },
    producerOnlyMode: true,
    // Idempotent: a producer retry after a lost acknowledgement is never written twice. kafkajs
    // then sends one request per broker at a time. Its retries (8, about 11 s, each after fresh
    // metadata) outlast a leader election: a broker that dies is fenced after the broker session
    // timeout (3 s here, 9 s by Kafka's default) and only then is a new leader named. Only a
    // producer's own retry is sure not to write a record twice (same producer id and sequence).
    // KAFKA_IDEMPOTENT=false turns it off, for a cluster whose ACLs refuse IdempotentWrite.
    producer: { allowAutoTopicCreation: false, idempotent: settings.idempotent, retry: { retries: 8 } },
    // acks -1: the write counts once every in-sync replica has it.
    send: { acks: -1, timeout: 5000, compression: settings.compression },
  };
}
