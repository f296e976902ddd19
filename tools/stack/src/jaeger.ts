// Jaeger v2 built from its Go module (pinned by tools/stack/jaeger/go.mod and go.sum), cached per
// user, run with the committed config.yaml and the storage part JAEGER_STORAGE names. Such a build
// has no UI assets; the query API is complete.
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import * as paths from './paths';
import { JAEGER_MODULE_VERSION, cacheKey, jaegerStorageFromEnv } from './config';
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

/**
 * Jaeger's command line and environment: config.yaml, then the storage part merged over it
 * (Badger under .stack/jaeger/badger unless JAEGER_BADGER_DIR is set, or memory).
 */
export function jaegerLaunch(env: NodeJS.ProcessEnv = process.env): { args: string[]; env: NodeJS.ProcessEnv } {
  const storage = jaegerStorageFromEnv(env);
  return {
    args: ['--config', paths.jaegerConfig, '--config', paths.jaegerStorageConfig(storage)],
    env: { ...env, JAEGER_BADGER_DIR: env.JAEGER_BADGER_DIR?.trim() || paths.jaegerBadgerDir },
  };
}

/** Starts the stack's Jaeger in the background; returns its PID. */
export async function startJaeger(): Promise<number | undefined> {
  // Checked before the build: a bad JAEGER_STORAGE is said at once.
  const launch = jaegerLaunch();
  const binary = await ensureJaegerBinary();
  return spawnDetached(binary, launch.args, {
    cwd: paths.jaegerDir,
    env: launch.env,
    logFile: jaegerFiles.log,
    pidFile: jaegerFiles.pid,
  });
}
