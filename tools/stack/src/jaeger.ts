// Jaeger v2 built from its Go module (pinned by tools/stack/jaeger/go.mod and go.sum), cached per
// user, run with the committed config.yaml. Such a build has no UI assets; the query API is complete.
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import * as paths from './paths';
import { JAEGER_MODULE_VERSION, cacheKey } from './config';
import { runWithProgress } from './progress';
import { spawnDetached } from './processes';

/** The stack's Jaeger's log and PID files. */
export const jaegerFiles = {
  log: join(paths.jaegerDir, 'jaeger.log'),
  pid: join(paths.jaegerDir, 'jaeger.pid'),
};

function binaryPath(): string {
  const pins = ['go.mod', 'go.sum'].map((f) => readFileSync(join(paths.jaegerModuleDir, f), 'utf8')).join('\n');
  return join(paths.cacheDir, `jaeger-${JAEGER_MODULE_VERSION}-${cacheKey(pins)}`);
}

/** The Jaeger binary; built with go the first time, then taken from the cache. */
export async function ensureJaegerBinary(): Promise<string> {
  const binary = binaryPath();
  if (existsSync(binary)) return binary;
  mkdirSync(paths.cacheDir, { recursive: true });
  const tmp = `${binary}.${process.pid}.tmp`;
  await runWithProgress(
    `Building Jaeger ${JAEGER_MODULE_VERSION} (2.13.0) from its Go module (first run only, a few minutes)`,
    'go',
    ['build', '-ldflags=-s -w', '-o', tmp, 'github.com/jaegertracing/jaeger/cmd/jaeger'],
    { cwd: paths.jaegerModuleDir, env: { ...process.env, GOFLAGS: '-mod=readonly' }, lowPriority: true },
  );
  renameSync(tmp, binary);
  return binary;
}

/** Starts the stack's Jaeger in the background; returns its PID. */
export async function startJaeger(): Promise<number | undefined> {
  const binary = await ensureJaegerBinary();
  return spawnDetached(binary, ['--config', paths.jaegerConfig], {
    cwd: paths.jaegerDir,
    env: process.env,
    logFile: jaegerFiles.log,
    pidFile: jaegerFiles.pid,
  });
}
