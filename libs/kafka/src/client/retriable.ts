/** Node's codes for a TLS peer that cannot be trusted: a setting to fix, not a moment to wait out. */
const UNTRUSTED_TLS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/;

/** Errors Kafka says may pass on their own (leader elections, a broker starting, a timeout). */
export function isRetriableKafkaError(err: unknown): boolean {
  const chain = causes(err);
  if (chain.some((e) => typeof e.code === 'string' && UNTRUSTED_TLS.test(e.code))) return false;
  return chain.some(
    (e) =>
      e.retriable === true ||
      e.name === 'KafkaJSConnectionError' ||
      e.name === 'KafkaJSRequestTimeoutError' ||
      e.name === 'KafkaJSNumberOfRetriesExceeded',
  );
}

interface ErrorLike {
  retriable?: boolean;
  name?: string;
  code?: string;
  type?: string;
  message?: string;
  cause?: unknown;
  originalError?: unknown;
}

/** The error and what it wraps: kafkajs wraps the last failure of its own retries. */
function causes(err: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  for (
    let e = err as ErrorLike | undefined;
    e && typeof e === 'object' && chain.length < 5;
    e = (e.cause ?? e.originalError) as ErrorLike | undefined
  )
    chain.push(e);
  return chain;
}

/**
 * Runs fn until it succeeds, a non-retriable error is thrown, or timeoutMs has passed. kafkajs's
 * admin gives up at once on some retriable answers (e.g. "not the leader" from a topic created a
 * moment ago), so callers that must not fail by chance wrap their first reads in this.
 */
export async function retryWhileRetriable<T>(
  fn: () => Promise<T>,
  { timeoutMs = 30_000, intervalMs = 200 } = {},
): Promise<T> {
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
const PERMANENT_RECORD_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
]);

/** The broker's answer means the record can never be written as it is (too large, invalid), however wrapped. */
export function isPermanentRecordError(err: unknown): boolean {
  return causes(err).some((e) => e.type !== undefined && PERMANENT_RECORD_ERRORS.has(e.type));
}

/**
 * Kafka fenced the producer: another registration of its transactional id has a newer epoch. Brokers
 * answer kafkajs's old request versions INVALID_PRODUCER_EPOCH; PRODUCER_FENCED (90) is unknown to kafkajs.
 */
export function isProducerFenced(err: unknown): boolean {
  return causes(err).some(
    (e) =>
      e.type === 'INVALID_PRODUCER_EPOCH' ||
      e.type === 'PRODUCER_FENCED' ||
      (typeof e.message === 'string' && /Unknown error code 90\b/.test(e.message)),
  );
}

/**
 * A write that Kafka did not take for a reason of its own (away, electing a leader, refusing for
 * now, failing inside), as opposed to a record it will never take or an error that is not Kafka's.
 * Such a write is held and tried again, never skipped.
 */
export function isKafkaUnavailableError(err: unknown): boolean {
  const chain = causes(err);
  if (isPermanentRecordError(err)) return false;
  return chain.some((e) => typeof e.name === 'string' && e.name.startsWith('KafkaJS'));
}
