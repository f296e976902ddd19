import { isWrapped } from '@opentelemetry/instrumentation';

/**
 * Whether @opentelemetry/instrumentation-kafkajs has patched the kafkajs this process uses. When it
 * has, it already creates the `send`/`process` spans from the headers, and creating ours as well
 * would double them, so the interceptor and emitTraced enrich its spans instead.
 */
export function isKafkajsInstrumented(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Kafka } = require('kafkajs');
    return isWrapped(Kafka.prototype.producer) || isWrapped(Kafka.prototype.consumer);
  } catch {
    return false;
  }
}
