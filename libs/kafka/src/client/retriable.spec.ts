import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { isKafkaUnavailableError, isRetriableKafkaError, retryWhileRetriable } from './retriable';

/** kafkajs's types take an Error; at run time the constructor takes the protocol's error descriptor, as here. */
const protocolError = (descriptor: { type: string; code: number; retriable: boolean; message: string }) =>
  new KafkaJSProtocolError(descriptor as unknown as Error);

const notLeader = () =>
  protocolError({
    type: 'NOT_LEADER_OR_FOLLOWER',
    code: 6,
    retriable: true,
    message: 'This server is not the leader for that topic-partition',
  });
const tooLarge = () =>
  protocolError({
    type: 'MESSAGE_TOO_LARGE',
    code: 10,
    retriable: false,
    message: 'The request included a message larger than the max message size the server will accept',
  });

describe('isRetriableKafkaError', () => {
  it('accepts what Kafka marks retriable, connection losses and kafkajs giving up on those', () => {
    expect(isRetriableKafkaError(notLeader())).toBe(true);
    expect(isRetriableKafkaError(new KafkaJSConnectionError('Connection error: ECONNREFUSED'))).toBe(true);
    expect(
      isRetriableKafkaError(new KafkaJSNumberOfRetriesExceeded(notLeader(), { retryCount: 5, retryTime: 2000 })),
    ).toBe(true);
  });

  it('refuses a broker certificate that cannot be trusted, however kafkajs wraps it', () => {
    const untrusted = new KafkaJSConnectionError('Connection error: unable to verify the first certificate', {
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    } as never);
    expect(isRetriableKafkaError(untrusted)).toBe(false);
    expect(
      isRetriableKafkaError(
        new KafkaJSNumberOfRetriesExceeded(untrusted, { retryCount: 5, retryTime: 2000, cause: untrusted } as never),
      ),
    ).toBe(false);
  });

  it('refuses permanent answers and ordinary errors', () => {
    expect(isRetriableKafkaError(tooLarge())).toBe(false);
    expect(isRetriableKafkaError(new TypeError('x is undefined'))).toBe(false);
    expect(isRetriableKafkaError(undefined)).toBe(false);
  });
});

describe('retryWhileRetriable', () => {
  it('retries a retriable failure until it succeeds', async () => {
    let calls = 0;
    const result = await retryWhileRetriable(
      async () => {
        calls += 1;
        if (calls < 3) throw notLeader();
        return 'ok';
      },
      { intervalMs: 1 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('passes a permanent failure on at once', async () => {
    let calls = 0;
    await expect(
      retryWhileRetriable(
        async () => {
          calls += 1;
          throw tooLarge();
        },
        { intervalMs: 1 },
      ),
    ).rejects.toThrow('larger than the max message size');
    expect(calls).toBe(1);
  });

  it('gives up with the last error when the time is over', async () => {
    await expect(
      retryWhileRetriable(
        async () => {
          throw notLeader();
        },
        { intervalMs: 5, timeoutMs: 30 },
      ),
    ).rejects.toThrow('not the leader');
  });
});

describe('isKafkaUnavailableError', () => {
  it('holds for any Kafka error about the write, retriable or not, wrapped or not', () => {
    expect(isKafkaUnavailableError(new KafkaJSConnectionError('Connection error'))).toBe(true);
    expect(
      isKafkaUnavailableError(
        protocolError({ type: 'UNKNOWN_SERVER_ERROR', code: -1, retriable: false, message: 'unexpected error' }),
      ),
    ).toBe(true);
    expect(
      isKafkaUnavailableError(new KafkaJSNumberOfRetriesExceeded(notLeader(), { retryCount: 5, retryTime: 2000 })),
    ).toBe(true);
  });

  it("does not hold for a record Kafka can never take, nor for errors that are not Kafka's", () => {
    expect(isKafkaUnavailableError(tooLarge())).toBe(false);
    // As kafkajs's retrier wraps an error it gives up on.
    const wrapped = new (KafkaJSNonRetriableError as unknown as new (e: Error, o: { cause: Error }) => Error)(
      tooLarge(),
      { cause: tooLarge() },
    );
    expect(isKafkaUnavailableError(wrapped)).toBe(false);
    expect(isKafkaUnavailableError(new TypeError('bug'))).toBe(false);
  });
});
