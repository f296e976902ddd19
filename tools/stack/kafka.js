'use strict';
// Apache Kafka from Maven Central's jars: resolve the classpath with mvn (cached per user),
// format KRaft storage once, run kafka.Kafka in the background.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const paths = require('./paths');
const { KAFKA_VERSION, cacheKey, newClusterId, renderKafkaProperties } = require('./config');
const { runWithProgress, log } = require('./progress');
const { spawnDetached } = require('./processes');

/** Where a broker keeps its state; the stack's broker lives in .stack/kafka. */
function brokerFiles(dir) {
  return {
    dir,
    properties: path.join(dir, 'server.properties'),
    data: path.join(dir, 'data'),
    logs: path.join(dir, 'logs'),
    log: path.join(dir, 'logs', 'kafka.out'),
    pid: path.join(dir, 'kafka.pid'),
  };
}

const files = brokerFiles(paths.kafkaDir);

function classpathFile() {
  const key = cacheKey(fs.readFileSync(paths.kafkaPom, 'utf8'));
  return path.join(paths.cacheDir, `kafka-${KAFKA_VERSION}-${key}.classpath`);
}

/** The broker's runtime classpath; resolved by mvn the first time, then read from the cache. */
async function ensureClasspath() {
  const file = classpathFile();
  if (fs.existsSync(file)) {
    const classpath = fs.readFileSync(file, 'utf8').trim();
    if (classpath.split(path.delimiter).every((jar) => fs.existsSync(jar))) return classpath;
  }
  fs.mkdirSync(paths.cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await runWithProgress(`Resolving Apache Kafka ${KAFKA_VERSION} jars with Maven (first run only)`, 'mvn', [
    '-q', '-B', '-f', paths.kafkaPom,
    'dependency:build-classpath', '-Dmdep.includeScope=runtime', `-Dmdep.outputFile=${tmp}`,
  ]);
  fs.renameSync(tmp, file);
  return fs.readFileSync(file, 'utf8').trim();
}

function javaArgs(classpath, mainClass, args, f = files) {
  return [
    `-Xms${process.env.KAFKA_HEAP_MIN || '256m'}`, `-Xmx${process.env.KAFKA_HEAP_MAX || '1g'}`,
    '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${paths.kafkaLog4j}`, `-Dkafka.logs.dir=${f.logs}`,
    '-cp', classpath, mainClass, ...args,
  ];
}

/**
 * Writes server.properties and formats the KRaft storage the first time; `scramUsers`
 * ([{ name, password }]) are created at formatting, as KRaft requires for the first SCRAM users.
 */
function prepare(classpath, endpoint, f, scramUsers = []) {
  fs.mkdirSync(f.logs, { recursive: true });
  fs.writeFileSync(f.properties, renderKafkaProperties({ dataDir: f.data, ...endpoint }));
  if (fs.existsSync(path.join(f.data, 'meta.properties'))) return;
  const clusterId = newClusterId();
  log(`Formatting Kafka storage in ${f.data}`);
  const scram = scramUsers.flatMap((u) => ['--add-scram', `SCRAM-SHA-512=[name=${u.name},password=${u.password}]`]);
  const res = spawnSync('java', javaArgs(classpath, 'kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', f.properties, ...scram], f), { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`Formatting Kafka storage failed:\n${res.stdout}${res.stderr}`);
}

/** Starts a broker in the background; the stack's own by default, or another in `dir`. */
async function start(endpoint, { dir = paths.kafkaDir, scramUsers } = {}) {
  const f = brokerFiles(dir);
  const classpath = await ensureClasspath();
  prepare(classpath, endpoint, f, scramUsers);
  return spawnDetached('java', javaArgs(classpath, 'kafka.Kafka', [f.properties], f), {
    cwd: f.dir,
    env: process.env,
    logFile: f.log,
    pidFile: f.pid,
  });
}

module.exports = { files, brokerFiles, ensureClasspath, start };
