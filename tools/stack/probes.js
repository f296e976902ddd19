'use strict';
// Reachability and health checks for Kafka and Jaeger.
const net = require('node:net');

function isPortOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Kafka is healthy when it answers a metadata request, not merely when its port is open. */
async function kafkaAnswersMetadata(brokers) {
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({
    clientId: 'ituna-stack-probe',
    brokers: brokers.map((b) => `${b.host}:${b.port}`),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function httpOk(url, timeoutMs = 1500) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Polls check() until it is true or the timeout passes; returns whether it became true. */
async function waitFor(check, { timeoutMs, intervalMs = 250, isStillRunning = () => true }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    if (!isStillRunning()) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}

module.exports = { isPortOpen, kafkaAnswersMetadata, httpOk, waitFor };
