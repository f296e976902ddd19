import { isWrapped } from '@opentelemetry/instrumentation';

/**
 * Whether @opentelemetry/instrumentation-kafkajs has patched the kafkajs this process uses. When it
 * has, it already creates the `send`/`process` spans from the headers, and creating ours as well
 * would double them, so the interceptor and emitTraced enrich its spans instead.
 */
export function isKafkajsInstrumented(): boolean {
  const Kafka = kafkaClass();
  return Kafka !== undefined && (isWrapped(Kafka.prototype.producer) || isWrapped(Kafka.prototype.consumer));
}

// Resolved once: this runs for every message. (Checking the prototype each time keeps up with
// the instrumentation being enabled or disabled later.)
let resolved: { Kafka?: { prototype: Record<string, unknown> } } | undefined;
function kafkaClass() {
  if (!resolved) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      resolved = { Kafka: require('kafkajs').Kafka };
    } catch {
      resolved = {};
    }
  }
  return resolved.Kafka;
}
