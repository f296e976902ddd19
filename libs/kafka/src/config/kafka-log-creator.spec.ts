import { Logger } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from './kafka-log-creator';

describe('kafkaLogCreator', () => {
  const calls: [string, unknown, unknown][] = [];
  beforeEach(() => {
    calls.splice(0);
    for (const method of ['debug', 'log', 'warn', 'error'] as const) {
      jest.spyOn(Logger.prototype, method).mockImplementation((...args: unknown[]) => {
        calls.push([method, args[0], args[1]]);
      });
    }
  });
  afterEach(() => jest.restoreAllMocks());

  const line = (level: logLevel, message: string, extra: object = {}) =>
    kafkaLogCreator('KafkaJS')(logLevel.INFO)({
      namespace: 'Consumer',
      level,
      label: 'X',
      log: { message, timestamp: 't', logger: 'kafkajs', ...extra },
    });

  it('keeps each line at its level, namespace in the text and its fields as fields', () => {
    line(logLevel.ERROR, 'Crash: KafkaJSNonRetriableError: boom', { groupId: 'g' });
    line(logLevel.WARN, 'The group is rebalancing, re-joining');
    line(logLevel.INFO, 'Starting');
    expect(calls).toEqual([
      ['error', { groupId: 'g' }, '[Consumer] Crash: KafkaJSNonRetriableError: boom'],
      ['warn', {}, '[Consumer] The group is rebalancing, re-joining'],
      ['log', {}, '[Consumer] Starting'],
    ]);
  });

  it('logs the expected notices (bounded idempotent retries, the 2.0 partitioner change) at debug', () => {
    line(logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees');
    line(logLevel.WARN, 'KafkaJS v2.0.0 switched default partitioner. To retain the same partitioning behavior ...');
    expect(calls.map(([method]) => method)).toEqual(['debug', 'debug']);
  });

  it("logs a transaction's retried broker answers (markers still being written, coordinator loading) at debug, and other broker errors at error", () => {
    line(logLevel.ERROR, 'Response AddPartitionsToTxn(key: 24, version: 1)', {
      error:
        'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
    });
    line(
      logLevel.ERROR,
      'Failed to send messages: The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
    );
    line(logLevel.ERROR, 'Response FindCoordinator(key: 10, version: 2)', {
      error: "The coordinator is loading and hence can't process requests for this group",
    });
    // A freshly formatted broker: the offsets and transaction-state coordinators settle while their topics load.
    line(logLevel.ERROR, 'Response GroupCoordinator(key: 10, version: 2)', {
      error: 'The group coordinator is not available',
    });
    line(logLevel.ERROR, 'Response AddOffsetsToTxn(key: 25, version: 1)', {
      error: 'This is not the correct coordinator for this group',
    });
    // A topic just created: its partitions' leaders are not known everywhere yet.
    line(logLevel.ERROR, 'Response ListOffsets(key: 2, version: 3)', {
      error: 'This server is not the leader for that topic-partition',
    });
    // Two services created the same topic at once on a fresh broker (CI on f7dfc45, first-start): the loser's answer.
    line(logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)', { error: 'Topic creation errors' });
    line(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', {
      error: 'The request included a message larger than the max message size the server will accept',
    });
    expect(calls.map(([method]) => method)).toEqual([
      'debug',
      'debug',
      'debug',
      'debug',
      'debug',
      'debug',
      'debug',
      'error',
    ]);
  });
});
