/** Errors Kafka says may pass on their own (leader elections, a broker starting, a timeout). */
export function isRetriableKafkaError(err: unknown): boolean {
  let e = err as { retriable?: boolean; name?: string; cause?: unknown; originalError?: unknown } | undefined;
  // kafkajs wraps the last failure of its own retries; judge by what failed underneath.
  for (let depth = 0; e && depth < 5; depth += 1) {
    if (e.retriable === true) return true;
    if (e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSRequestTimeoutError' || e.name === 'KafkaJSNumberOfRetriesExceeded') return true;
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return false;
}

/**
 * Runs fn until it succeeds, a non-retriable error is thrown, or timeoutMs has passed. kafkajs's
 * admin gives up at once on some retriable answers (e.g. "not the leader" from a topic created a
 * moment ago), so callers that must not fail by chance wrap their first reads in this.
 */
export async function retryWhileRetriable<T>(fn: () => Promise<T>, { timeoutMs = 30_000, intervalMs = 200 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!isRetriableKafkaError(err) || Date.now() + intervalMs > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** Answers about a record that no number of tries changes: the record must go elsewhere. */
const PERMANENT_RECORD_ERRORS = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE']);

/**
 * A write that Kafka did not take for a reason of its own (away, electing a leader, refusing for
 * now, failing inside), as opposed to a record it will never take or an error that is not Kafka's.
 * Such a write is held and tried again, never skipped.
 */
export function isKafkaUnavailableError(err: unknown): boolean {
  let kafkaError = false;
  let e = err as { name?: string; type?: string; cause?: unknown; originalError?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth += 1) {
    if (e.type && PERMANENT_RECORD_ERRORS.has(e.type)) return false;
    if (typeof e.name === 'string' && e.name.startsWith('KafkaJS')) kafkaError = true;
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return kafkaError;
}
