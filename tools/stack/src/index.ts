// The launcher's API for the other projects: the command lines of tools/scripts (npm run stack:*,
// npm start), the e2e suite's global setup and fault tests, and the bench.

// The command lines behind npm run stack:* (resolves with the exit code) and npm start.
export { main as stackCli } from './cli';
export { startApps } from './start-apps';
export { buildApps } from './build-apps';

// Bring the stack up and down, and see where it is.
export {
  componentsStarted,
  describeStack,
  stackDown,
  stackKafkaNodeCount,
  stackUp,
  startJaegerRole,
  stopJaegerRole,
} from './stack';
export type { ComponentSpec, StackOutcome, UpOutcome } from './stack';
export {
  endpointsFromEnv,
  instanceEnv,
  jaegerPipelineFromEnv,
  jaegerStorageFromEnv,
  JAEGER_STORAGES,
  kafkaNodes,
  parseInstanceCounts,
  replicationFor,
} from './config';
export type {
  Endpoints,
  HostPort,
  JaegerStorage,
  KafkaEndpoint,
  KafkaNode,
  ProxiedListener,
  StackComponent,
} from './config';

// A broker or a cluster of a test's or the bench's own, beside the stack's; the stack's Jaeger's files.
export { startKafka, startKafkaCluster } from './kafka';
export type { ScramUser, StartKafkaOptions } from './kafka';
export { jaegerFiles, jaegerFilesOf, startOwnJaeger } from './jaeger';
export type { JaegerPorts, JaegerRole } from './jaeger';
// Toxiproxy, for the tests' network faults.
export { ensureToxiproxyBinary, startToxiproxy } from './toxiproxy';

// The processes the launcher starts, and the checks it waits on.
export { isAlive, ownedPid, stopPid } from './processes';
export { isPortOpen, kafkaAnswersMetadata } from './probes';
