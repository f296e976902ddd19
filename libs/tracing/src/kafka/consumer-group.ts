/** The minimal shape of Nest's Kafka transport options that decides the group id. */
export interface KafkaGroupOptions {
  consumer?: { groupId?: string };
  postfixId?: string;
}

/**
 * The consumer group as Kafka sees it: Nest appends `postfixId` (default "-server") to the
 * configured groupId (default "nestjs-group").
 */
export function kafkaConsumerGroup(options: KafkaGroupOptions = {}): string {
  return `${options.consumer?.groupId ?? 'nestjs-group'}${options.postfixId ?? '-server'}`;
}
