// Apache Kafka from Maven Central's jars: resolve the classpath with mvn (cached per user),
// format KRaft storage once, run kafka.Kafka in the background.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import * as paths from './paths';
import {
  KAFKA_VERSION,
  cacheKey,
  newClusterId,
  renderKafkaProperties,
  type KafkaEndpoint,
  type KafkaNode,
} from './config';
import { log, runWithProgress } from './progress';
import { spawnDetached } from './processes';

/** Where a broker keeps its state. */
export interface BrokerFiles {
  dir: string;
  properties: string;
  data: string;
  logs: string;
  /** Its stdout and stderr. */
  log: string;
  pid: string;
}

/** Where a broker keeps its state; the stack's broker lives in .stack/kafka. */
export function brokerFiles(dir: string): BrokerFiles {
  return {
    dir,
    properties: join(dir, 'server.properties'),
    data: join(dir, 'data'),
    logs: join(dir, 'logs'),
    log: join(dir, 'logs', 'kafka.out'),
    pid: join(dir, 'kafka.pid'),
  };
}

/** The stack's own broker's files. */
export const kafkaFiles = brokerFiles(paths.kafkaDir);

/** A SCRAM user created when the broker's storage is formatted. */
export interface ScramUser {
  name: string;
  password: string;
}

export interface StartKafkaOptions {
  /** The broker's folder: the stack's (.stack/kafka) unless given. */
  dir?: string;
  /** Created at formatting, as KRaft requires for the first SCRAM users. */
  scramUsers?: ScramUser[];
  /** This node's id and its cluster's controller quorum (one node alone unless given). */
  nodeId?: number;
  voters?: readonly KafkaNode[];
  /** The id to format the storage with; every node of a cluster shares one. New unless given. */
  clusterId?: string;
  /**
   * A broker a test starts for a minute or two: the JVM compiles with C1 only. C2's compilation of
   * a cold broker takes most of a core for its first minute, and on two cores orders then waited
   * seconds for CPU (a cold three-node cluster at 10 orders/s: 1.5 cores, p50 3.5 s in the first
   * 15 s; with C1 only, 1.0 core and p50 0.1 s from the start). Long-lived brokers keep C2.
   */
  shortLived?: boolean;
}

/** The folder of node `nodeId` of a cluster whose nodes live in `dir`. */
export function clusterNodeDir(dir: string, nodeId: number): string {
  return join(dir, `node-${nodeId}`);
}

/** The stack's three-node cluster lives in .stack/kafka-cluster/node-<id>. */
export const clusterFiles = (nodeId: number) => brokerFiles(clusterNodeDir(paths.kafkaClusterDir, nodeId));

function classpathFile(): string {
  const key = cacheKey(readFileSync(paths.kafkaPom, 'utf8'));
  return join(paths.cacheDir, `kafka-${KAFKA_VERSION}-${key}.classpath`);
}

/** The broker's runtime classpath; resolved by mvn the first time, then read from the cache. */
export async function ensureClasspath(): Promise<string> {
  const file = classpathFile();
  if (existsSync(file)) {
    const classpath = readFileSync(file, 'utf8').trim();
    if (classpath.split(delimiter).every((jar) => existsSync(jar))) return classpath;
  }
  mkdirSync(paths.cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await runWithProgress(`Resolving Apache Kafka ${KAFKA_VERSION} jars with Maven (first run only)`, 'mvn', [
    '-q',
    '-B',
    '-f',
    paths.kafkaPom,
    'dependency:build-classpath',
    '-Dmdep.includeScope=runtime',
    `-Dmdep.outputFile=${tmp}`,
  ]);
  renameSync(tmp, file);
  return readFileSync(file, 'utf8').trim();
}

function javaArgs(
  classpath: string,
  mainClass: string,
  args: string[],
  f: BrokerFiles = kafkaFiles,
  { shortLived = false } = {},
): string[] {
  return [
    `-Xms${process.env.KAFKA_HEAP_MIN || '256m'}`,
    `-Xmx${process.env.KAFKA_HEAP_MAX || '1g'}`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    ...(shortLived ? ['-XX:TieredStopAtLevel=1'] : []),
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${paths.kafkaLog4j}`,
    `-Dkafka.logs.dir=${f.logs}`,
    '-cp',
    classpath,
    mainClass,
    ...args,
  ];
}

interface Formatting {
  scramUsers?: ScramUser[];
  nodeId?: number;
  voters?: readonly KafkaNode[];
  clusterId?: string;
}

/** Writes server.properties and formats the KRaft storage the first time, creating `scramUsers`. */
function prepare(classpath: string, endpoint: KafkaEndpoint, f: BrokerFiles, options: Formatting = {}): void {
  const { scramUsers = [], nodeId, voters, clusterId = newClusterId() } = options;
  mkdirSync(f.logs, { recursive: true });
  writeFileSync(f.properties, renderKafkaProperties({ dataDir: f.data, ...endpoint, nodeId, voters }));
  if (existsSync(join(f.data, 'meta.properties'))) return;
  log(`Formatting Kafka storage in ${f.data}`);
  const scram = scramUsers.flatMap((u) => ['--add-scram', `SCRAM-SHA-512=[name=${u.name},password=${u.password}]`]);
  const format = ['format', '-t', clusterId, '-c', f.properties, ...scram];
  const res = spawnSync('java', javaArgs(classpath, 'kafka.tools.StorageTool', format, f), { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`Formatting Kafka storage failed:\n${res.stdout}${res.stderr}`);
}

/** Starts a broker in the background, the stack's own by default, or another in `dir`; returns its PID. */
export async function startKafka(
  endpoint: KafkaEndpoint,
  { dir = paths.kafkaDir, shortLived, ...formatting }: StartKafkaOptions = {},
): Promise<number | undefined> {
  const f = brokerFiles(dir);
  const classpath = await ensureClasspath();
  prepare(classpath, endpoint, f, formatting);
  return spawnDetached('java', javaArgs(classpath, 'kafka.Kafka', [f.properties], f, { shortLived }), {
    cwd: f.dir,
    env: process.env,
    logFile: f.log,
    pidFile: f.pid,
  });
}

/** The cluster id a formatted node's storage records, if it has been formatted. */
export function formattedClusterId(dataDir: string): string | undefined {
  const meta = join(dataDir, 'meta.properties');
  if (!existsSync(meta)) return undefined;
  return /^cluster\.id=(.+)$/m.exec(readFileSync(meta, 'utf8'))?.[1]?.trim();
}

/**
 * Starts the nodes of a KRaft cluster whose nodes live in `dir`/node-<id> (the stack's own by
 * default), each broker and controller both, all formatted with one cluster id (the one already on
 * disk, if a node has been formatted). Returns their PIDs in the order of `nodes`; with `only`, starts
 * just those nodes (one brought back after a crash, on its storage) and returns theirs.
 */
export async function startKafkaCluster(
  nodes: readonly KafkaNode[],
  {
    dir = paths.kafkaClusterDir,
    only,
    shortLived,
  }: { dir?: string; only?: readonly number[]; shortLived?: boolean } = {},
): Promise<(number | undefined)[]> {
  const files = nodes.map((n) => brokerFiles(clusterNodeDir(dir, n.nodeId)));
  const clusterId = files.map((f) => formattedClusterId(f.data)).find(Boolean) ?? newClusterId();
  const pids = [];
  for (const { nodeId, port, controllerPort, proxied } of nodes.filter((n) => !only || only.includes(n.nodeId)))
    pids.push(
      await startKafka(
        { port, controllerPort, proxied },
        { dir: clusterNodeDir(dir, nodeId), nodeId, voters: nodes, clusterId, shortLived },
      ),
    );
  return pids;
}
