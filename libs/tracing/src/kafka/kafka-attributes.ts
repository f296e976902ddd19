import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_DESTINATION_PARTITION_ID,
  ATTR_MESSAGING_KAFKA_MESSAGE_KEY,
  ATTR_MESSAGING_KAFKA_OFFSET,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
  MESSAGING_OPERATION_TYPE_VALUE_SEND,
  MESSAGING_SYSTEM_VALUE_KAFKA,
} from '../semconv';

type KeyLike = Buffer | string | null | undefined;

function keyAttribute(key: KeyLike): Attributes {
  return key === null || key === undefined ? {} : { [ATTR_MESSAGING_KAFKA_MESSAGE_KEY]: key.toString() };
}

export function consumerAttributes(m: {
  topic: string;
  partition: number;
  offset: string;
  key: KeyLike;
  consumerGroup?: string;
}): Attributes {
  return {
    [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_VALUE_KAFKA,
    [ATTR_MESSAGING_DESTINATION_NAME]: m.topic,
    [ATTR_MESSAGING_OPERATION_NAME]: MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
    [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
    [ATTR_MESSAGING_DESTINATION_PARTITION_ID]: String(m.partition),
    [ATTR_MESSAGING_KAFKA_OFFSET]: Number(m.offset),
    ...keyAttribute(m.key),
    ...(m.consumerGroup ? { [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: m.consumerGroup } : {}),
  };
}

export function producerAttributes(m: { topic: string; key: KeyLike }): Attributes {
  return {
    [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_VALUE_KAFKA,
    [ATTR_MESSAGING_DESTINATION_NAME]: m.topic,
    [ATTR_MESSAGING_OPERATION_NAME]: MESSAGING_OPERATION_TYPE_VALUE_SEND,
    [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_SEND,
    ...keyAttribute(m.key),
  };
}

/** What the broker's acknowledgement adds to a producer span: where the record landed. */
export function ackAttributes(
  ack: { partition?: number; baseOffset?: string; offset?: string } | undefined,
): Attributes {
  if (!ack || ack.partition === undefined) return {};
  const offset = ack.baseOffset ?? ack.offset;
  return {
    [ATTR_MESSAGING_DESTINATION_PARTITION_ID]: String(ack.partition),
    ...(offset !== undefined ? { [ATTR_MESSAGING_KAFKA_OFFSET]: Number(offset) } : {}),
  };
}
