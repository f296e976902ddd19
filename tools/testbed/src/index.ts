// What the e2e suite, `npm run chaos` and the benches share to run ITuna under test: the services,
// a cluster of their own, load, readers of what was committed, faults, and the checker.
export { sleep } from './sleep';
export { ServiceFleet, TEST_ENV, SERVICES, PORTS, instanceKey, logDir, logOf } from './fleet/service-fleet';
export type { RunningService, ServiceName } from './fleet/service-fleet';
export { KafkaCluster } from './kafka/kafka-cluster';
export { TopicWatcher, kafka, brokers } from './kafka/topic-watcher';
export type { SeenMessage } from './kafka/topic-watcher';
export { partitionsPerMember, waitForStableGroup } from './kafka/consumer-groups';
export { SteadyLoad, BODIES, bodyFor, stopRunningLoads } from './load/steady-load';
export type { Attempt } from './load/steady-load';
export { post } from './load/http';
export type { HttpAnswer, JsonBody } from './load/http';
export { tally } from './check/tally';
export type { Tally } from './check/tally';
export { checkOrders, settled, describeCheck, violations, NO_VIOLATIONS, CHECKED_TOPICS } from './check/checker';
export type { AcceptedOrder, CheckResult } from './check/checker';
export { coordinatorOf } from './kafka/coordinators';
export { NetworkFaults } from './faults/network-faults';
export { chaosSchedule, leastFaults, seededRandom, FAULT_KINDS } from './chaos/schedule';
export type { FaultKind, ScheduledFault } from './chaos/schedule';
export { applyFault, coordinatorNode, describeFault } from './chaos/nemesis';
export type { AppliedFault, FaultTargets } from './chaos/nemesis';
export { runChaos } from './chaos/run-chaos';
export type { ChaosOptions, ChaosReport } from './chaos/run-chaos';
export { underLoad } from './check/under-load';
export type { LoadRun } from './check/under-load';
