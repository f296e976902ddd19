import { Logger } from '@nestjs/common';
import { logLevel, type logCreator } from 'kafkajs';

/**
 * kafkajs lines that are expected here and say nothing an operator must act on: they are logged at
 * debug, not at their own level.
 */
const EXPECTED = [
  // Producers bound their retries on purpose, so that a POST is answered 503 within seconds; a
  // retried POST is made one order by the Idempotency-Key and the consumers' order-id checks.
  /^Limiting retries for the idempotent producer may invalidate EoS guarantees/,
  // Every service uses kafkajs's default partitioner; the notice about its change in 2.0 is for upgraders.
  /^KafkaJS v2\.0\.0 switched default partitioner/,
  // Exactly-once: the next transaction's first request meets the markers of the last one still being
  // written, or a coordinator still loading after a start; kafkajs retries within milliseconds
  // (KafkaTransactions), and a failure that lasts is logged by the delivery interceptor.
  /another concurrent operation on the same transaction was ongoing/,
  /The coordinator is loading/,
  // On a freshly formatted broker the offsets and transaction-state topics are created by the first
  // client that needs them, and their partitions' coordinators settle while they load; kafkajs finds
  // the coordinator again and retries (error codes 15 and 16, as 14 above).
  /The group coordinator is not available/,
  /This is not the correct coordinator for this group/,
  // A topic just created (a processed-keys changelog on a fresh broker) or a partition whose leader
  // moves: its partitions answer "not the leader" until the election is known; kafkajs asks again.
  /This server is not the leader for that topic-partition/,
  /There is no leader for this topic-partition as we are in the middle of a leadership election/,
  // Services start together and race to create the same topics: the loser's CreateTopics answer is
  // TOPIC_ALREADY_EXISTS, which ensureTopics accepts (and a real failure it throws, loudly).
  /^Topic creation errors$/,
];

/** A line is expected if its message, or the broker error it reports, is. */
function isExpected(message: string, error: unknown): boolean {
  return EXPECTED.some((pattern) => pattern.test(message) || (typeof error === 'string' && pattern.test(error)));
}

/**
 * kafkajs's log lines through a Nest Logger (so through pino, in the current trace), with the
 * line's own fields as structured fields and the expected lines above at debug.
 */
export function kafkaLogCreator(context: string): logCreator {
  const logger = new Logger(context);
  return () =>
    ({ namespace, level, log }) => {
      const {
        message,
        timestamp: _timestamp,
        logger: _logger,
        ...fields
      } = log as { message: string; timestamp?: string; logger?: string; [key: string]: unknown };
      const text = `[${namespace}] ${message}`;
      if (level === logLevel.DEBUG || isExpected(message, fields.error)) return logger.debug(fields, text);
      if (level === logLevel.INFO) return logger.log(fields, text);
      if (level === logLevel.WARN) return logger.warn(fields, text);
      return logger.error(fields, text);
    };
}
