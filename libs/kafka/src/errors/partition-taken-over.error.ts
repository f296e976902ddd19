/**
 * This member may no longer hold a partition: its transactional id was registered again elsewhere,
 * or the group's offset moved past where the member left it, or the group gave the partition away.
 * What the member handled there is left uncommitted. `type` is kafkajs's rebalance answer, on which
 * kafkajs rejoins the group: whoever holds the partition then claims it and reads its committed
 * offset first, so nothing is handled twice.
 */
export class PartitionTakenOverError extends Error {
  readonly type = 'REBALANCE_IN_PROGRESS';
  readonly retriable = true;

  constructor(partition: string) {
    super(`${partition} may be another member's now: what this member handled there is left to its holder`);
    this.name = 'PartitionTakenOverError';
  }
}
