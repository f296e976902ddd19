'use strict';
// Brings Kafka and Jaeger up natively (or with Docker when ITUNA_STACK=docker), reusing whatever
// already answers, and stops only what it started.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const paths = require('./paths');
const { decide, endpointsFromEnv, defaults } = require('./config');
const { ownedPid, stopPid, tail, isAlive } = require('./processes');
const { isPortOpen, kafkaAnswersMetadata, httpOk, waitFor } = require('./probes');
const { requireTools } = require('./prerequisites');
const { log, elapsed } = require('./progress');
const kafka = require('./kafka');
const jaeger = require('./jaeger');

const COMPONENTS = ['kafka', 'jaeger'];
const timeoutMs = Number(process.env.ITUNA_STACK_TIMEOUT_MS || 120000);

function describe(env = process.env) {
  const e = endpointsFromEnv(env);
  return {
    kafka: {
      pidFile: kafka.files.pid,
      logFiles: [path.join(kafka.files.logs, 'server.log'), kafka.files.log],
      configured: e.kafkaConfigured,
      target: e.brokers[0],
      healthy: () => kafkaAnswersMetadata(e.brokers),
      reachable: () => isPortOpen(e.brokers[0].host, e.brokers[0].port),
      start: () => kafka.start({ host: defaults.kafka.host, port: e.brokers[0].port }),
      where: `Kafka ${e.brokers.map((b) => `${b.host}:${b.port}`).join(',')}`,
    },
    jaeger: {
      pidFile: jaeger.files.pid,
      logFiles: [jaeger.files.log],
      configured: e.otlpConfigured,
      target: e.otlp,
      healthy: () => (e.otlpConfigured ? isPortOpen(e.otlp.host, e.otlp.port) : httpOk(`http://${e.otlp.host}:${defaults.jaeger.healthPort}/status`)),
      reachable: () => isPortOpen(e.otlp.host, e.otlp.port),
      start: () => jaeger.start(),
      where: `Jaeger OTLP gRPC ${e.otlp.host}:${e.otlp.port}, query API and UI ${e.queryUrl}`,
    },
  };
}

function docker(args) {
  const res = spawnSync('docker', ['compose', '-f', paths.composeFile, ...args], { stdio: 'inherit' });
  if (res.error || res.status !== 0) throw new Error(`docker compose ${args.join(' ')} failed; is a Docker engine running?`);
}

function failure(name, spec, why) {
  const logs = spec.logFiles.filter((f) => fs.existsSync(f));
  const shown = logs.map((f) => `--- last lines of ${f} ---\n${tail(f, 25)}`).join('\n');
  return new Error(`${name} ${why}. Log file: ${logs.join(', ') || spec.logFiles[0]}\n${shown}`);
}

async function bringUp(name, spec) {
  const pid = ownedPid(spec.pidFile);
  const action = decide({ ownedAlive: Boolean(pid), configured: spec.configured, target: spec.target, reachable: !pid && (await spec.reachable()) });
  if (action === 'error') throw new Error(`${name} is configured at ${spec.target.host}:${spec.target.port} but does not answer there.`);
  const startedAt = Date.now();
  let startedPid;
  if (action === 'start') {
    startedPid = await spec.start();
    log(`${name} starting (pid ${startedPid})`);
  }
  const watched = startedPid || pid;
  const ok = await waitFor(spec.healthy, { timeoutMs, isStillRunning: () => !watched || isAlive(watched) });
  if (!ok) {
    if (startedPid) await stopPid(startedPid, { graceMs: 5000 });
    throw failure(name, spec, watched && !isAlive(watched) ? 'exited during start-up' : `did not become healthy within ${timeoutMs / 1000}s`);
  }
  const verb = { start: 'started', running: 'already running (ours)', reuse: 'reused (already answering)' }[action];
  log(`${spec.where}: ${verb}${action === 'start' ? ` in ${elapsed(startedAt)}` : ''}`);
  return action === 'start' ? 'started' : action;
}

/** Returns { kafka: 'started'|'running'|'reuse'|'docker', jaeger: ... }. */
async function up(components = COMPONENTS) {
  if (process.env.ITUNA_STACK === 'docker') {
    docker(['up', '-d', '--wait', ...components]);
    return Object.fromEntries(components.map((c) => [c, 'docker']));
  }
  const specs = describe();
  const needStart = [];
  for (const c of components) {
    const spec = specs[c];
    if (!ownedPid(spec.pidFile) && !(await spec.reachable())) needStart.push(c);
  }
  requireTools(needStart);
  const results = await Promise.all(components.map((c) => bringUp(c, specs[c])));
  return Object.fromEntries(components.map((c, i) => [c, results[i]]));
}

async function down(components = COMPONENTS) {
  if (process.env.ITUNA_STACK === 'docker') {
    docker(['stop', ...components]);
    return;
  }
  const specs = describe();
  await Promise.all(
    components.map(async (c) => {
      const pid = ownedPid(specs[c].pidFile);
      if (!pid) return log(`${c}: not running (not started by this checkout)`);
      const how = await stopPid(pid);
      fs.rmSync(specs[c].pidFile, { force: true });
      log(`${c}: ${how} (pid ${pid})`);
    }),
  );
}

async function status() {
  const specs = describe();
  const rows = [];
  for (const c of COMPONENTS) {
    const spec = specs[c];
    const pid = ownedPid(spec.pidFile);
    const healthy = await spec.healthy();
    rows.push({ component: c, owner: pid ? `ours (pid ${pid})` : healthy ? 'external' : '-', healthy, where: spec.where });
  }
  return rows;
}

module.exports = { up, down, status, describe, COMPONENTS };
