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
];

/**
 * kafkajs's log lines through a Nest Logger (so through pino, in the current trace), with the
 * line's own fields as structured fields and the expected lines above at debug.
 */
export function kafkaLogCreator(context: string): logCreator {
  const logger = new Logger(context);
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log as { message: string; timestamp?: string; logger?: string; [key: string]: unknown };
      const text = `[${namespace}] ${message}`;
      if (level === logLevel.DEBUG || EXPECTED.some((pattern) => pattern.test(message))) return logger.debug(fields, text);
      if (level === logLevel.INFO) return logger.log(fields, text);
      if (level === logLevel.WARN) return logger.warn(fields, text);
      return logger.error(fields, text);
    };
}
