// Reachability and health checks for Kafka and Jaeger.
import { connect } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import type { HostPort } from './config';

/** Whether a TCP connection to host:port opens within the timeout. */
export function isPortOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Kafka is healthy when it answers a metadata request naming at least `minBrokers` brokers, not merely when its port is open. */
export async function kafkaAnswersMetadata(brokers: HostPort[], minBrokers = 1): Promise<boolean> {
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
    return cluster.brokers.length >= minBrokers;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Whether a GET of the URL answers 2xx within the timeout. */
export async function httpOk(url: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked after each failed check: false ends the wait early (the process being waited for died). */
  isStillRunning?: () => boolean;
}

/** Polls check() until it is true or the timeout passes; returns whether it became true. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  { timeoutMs, intervalMs = 250, isStillRunning = () => true }: WaitOptions,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    if (!isStillRunning()) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}
