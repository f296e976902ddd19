import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { SERVICE_NAMES, SERVICE_PORTS, instancePort } from '@ituna/contracts';
import type { ServiceName } from '@ituna/contracts';
import { instanceEnv } from '@ituna/stack';

export { SERVICE_NAMES as SERVICES, SERVICE_PORTS as PORTS };
export type { ServiceName };

const root = join(__dirname, '..', '..', '..', '..');
export const logDir = join(root, 'tmp', 'e2e-logs');

/** Defaults for tests: simulators off, ordering delays off, the other steps at their original delays. */
export const TEST_ENV: NodeJS.ProcessEnv = {
  ITUNA_SIMULATOR_INTERVAL_MS: '0',
  ITUNA_DELAY_WEBSITE_MS: '0',
  ITUNA_DELAY_ONSITE_MS: '0',
  ITUNA_DELAY_DIRECT_MS: '0',
  LOG_FORMAT: 'json',
  OTEL_BSP_SCHEDULE_DELAY: '200',
};

export interface RunningService {
  name: ServiceName;
  /** Which instance of the service (1-based); its `service.instance.id` is `<name>-<instance>`. */
  instance: number;
  /** The key it runs under in ServiceFleet.running. */
  key: string;
  port: number;
  process: ChildProcess;
  startupMs: number;
  /** Shared by every start of the service in a run (appended to). */
  logFile: string;
  /** Where this start's lines begin in logFile. */
  logStart: number;
  /** The variables it was started with beyond the fleet's own. */
  extraEnv: NodeJS.ProcessEnv;
}

/** The lines this start of the service wrote, without those of earlier test files in the run. */
export function logOf(service: RunningService): string {
  return readFileSync(service.logFile).subarray(service.logStart).toString('utf8');
}

async function healthy(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** The key of an instance in ServiceFleet.running: the first under the service's name, the others as `<name>-<k>`. */
export function instanceKey(name: ServiceName, instance: number): string {
  return instance === 1 ? name : `${name}-${instance}`;
}

/**
 * Starts built services (dist/apps/<name>/main.cjs), one instance or several of each (each its
 * own port and `service.instance.id`, one consumer group per service), and stops them; each
 * instance logs to tmp/e2e-logs/<key>.log.
 */
export class ServiceFleet {
  readonly running = new Map<string, RunningService>();

  constructor(private readonly env: NodeJS.ProcessEnv = {}) {}

  async start(
    names: readonly ServiceName[] = SERVICE_NAMES,
    extraEnv: Partial<Record<ServiceName, NodeJS.ProcessEnv>> = {},
    instances: Partial<Record<ServiceName, number>> = {},
  ): Promise<void> {
    await Promise.all(
      names.flatMap((name) =>
        Array.from({ length: instances[name] ?? 1 }, (_, i) => this.startOne(name, extraEnv[name] ?? {}, i + 1)),
      ),
    );
  }

  async startOne(name: ServiceName, extraEnv: NodeJS.ProcessEnv = {}, instance = 1): Promise<RunningService> {
    const key = instanceKey(name, instance);
    const port = Number(extraEnv.PORT ?? this.env.PORT ?? instancePort(name, instance));
    // A service left running on the port would answer the health checks in this one's place.
    if (await healthy(port))
      throw new Error(`port ${port} already answers /health: a ${name} from an earlier test is still running`);
    mkdirSync(logDir, { recursive: true });
    const logFile = join(logDir, `${key}.log`);
    const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
    const out = createWriteStream(logFile, { flags: 'a' });
    const startedAt = Date.now();
    // The Node flags of the service's serve target (heap limits), as `nx serve` runs it.
    const runtimeArgs: string[] =
      JSON.parse(readFileSync(join(root, 'apps', name, 'project.json'), 'utf8')).targets.serve.options.runtimeArgs ??
      [];
    const child = spawn(process.execPath, [...runtimeArgs, join(root, 'dist', 'apps', name, 'main.cjs')], {
      cwd: root,
      env: { ...process.env, ...TEST_ENV, ...instanceEnv(name, instance), ...this.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    const deadline = Date.now() + 60_000;
    while (!(await healthy(port))) {
      if (child.exitCode !== null)
        throw new Error(`${key} exited with ${child.exitCode} during start-up; see ${logFile}`);
      if (Date.now() > deadline) throw new Error(`${key} not healthy after 60 s; see ${logFile}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const service = {
      name,
      instance,
      key,
      port,
      process: child,
      startupMs: Date.now() - startedAt,
      logFile,
      logStart,
      extraEnv,
    };
    this.running.set(key, service);
    return service;
  }

  /** SIGSTOPs one instance: it keeps its connections and its memory, and does nothing until resume(). */
  pause(key: string): void {
    this.instance(key).process.kill('SIGSTOP');
  }

  resume(key: string): void {
    this.instance(key).process.kill('SIGCONT');
  }

  /** SIGKILLs one instance (a crash), and starts it again as it was `downMs` later. */
  async crash(key: string, downMs: number): Promise<RunningService> {
    const { name, instance, extraEnv } = this.instance(key);
    await this.stopOne(key, 'SIGKILL');
    await new Promise((r) => setTimeout(r, downMs));
    return this.startOne(name, extraEnv, instance);
  }

  /** SIGTERM (graceful) or SIGKILL one instance (by its key: the service's name for the first) and wait until it is gone. */
  async stopOne(key: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const service = this.instance(key);
    this.running.delete(key);
    if (service.process.exitCode !== null || service.process.signalCode !== null) return;
    // A paused process would not act on SIGTERM until resumed.
    service.process.kill('SIGCONT');
    const exited = new Promise((r) => service.process.once('exit', r));
    service.process.kill(signal);
    const timer = setTimeout(() => service.process.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.keys()].map((key) => this.stopOne(key)));
  }

  private instance(key: string): RunningService {
    const service = this.running.get(key);
    if (!service) throw new Error(`no running instance "${key}" (running: ${[...this.running.keys()].join(', ')})`);
    return service;
  }
}
