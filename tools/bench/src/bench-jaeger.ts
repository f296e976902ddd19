import { rmSync } from 'node:fs';
import { isPortOpen, startOwnJaeger, stopPid } from '@ituna/stack';
import type { JaegerPorts, JaegerStorage } from '@ituna/stack';

/** Ports of the bench's Jaeger: the stack's plus 20000, never in its way. */
const PORTS: JaegerPorts = { otlpGrpc: 24317, otlpHttp: 24318, query: 26686, queryGrpc: 26685, health: 23133 };

/**
 * A Jaeger of the bench's own, as its broker is: the storage is chosen per run (`--jaeger-storage`),
 * so that the services' cost is measured apart from the cost of storing their traces, and the
 * user's Jaeger keeps its traces. Its data is removed afterwards.
 */
export class BenchJaeger {
  private pid?: number;
  readonly otlpEndpoint = `http://127.0.0.1:${PORTS.otlpGrpc}`;
  readonly queryUrl = `http://127.0.0.1:${PORTS.query}`;

  constructor(
    private readonly dir: string,
    readonly storage: JaegerStorage,
  ) {}

  async start(): Promise<void> {
    if (await isPortOpen('127.0.0.1', PORTS.otlpGrpc))
      throw new Error(`port ${PORTS.otlpGrpc} is taken: is another bench running?`);
    rmSync(this.dir, { recursive: true, force: true });
    this.pid = await startOwnJaeger({ storage: this.storage, dir: this.dir, ports: PORTS });
  }

  /** Jaeger's PID while it runs (its CPU is measured too). */
  get processId(): number | undefined {
    return this.pid;
  }

  async stop(): Promise<void> {
    if (this.pid) await stopPid(this.pid, { graceMs: 15_000 });
    this.pid = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
