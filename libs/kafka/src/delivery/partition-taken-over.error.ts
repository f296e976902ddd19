/**
 * A transaction of this member was fenced: its partition's transactional id was registered again
 * elsewhere (by the member that took the partition over, or by Kafka after a transaction timed
 * out). Its messages are left uncommitted. `type` is kafkajs's rebalance answer, on which kafkajs
 * rejoins the group: whoever holds the partition then claims it and reads its committed offset
 * first, so nothing is handled twice.
 */
export class PartitionTakenOverError extends Error {
  readonly type = 'REBALANCE_IN_PROGRESS';
  readonly retriable = true;

  constructor(transactionalId: string) {
    super(
      `the transactional id ${transactionalId} was registered again elsewhere: messages left to the partition's holder`,
    );
    this.name = 'PartitionTakenOverError';
  }
}
