import { join } from 'node:path';
import { Toxiproxy, type ICreateToxicBody, type Proxy, type ToxicType } from 'toxiproxy-node-client';
import { startToxiproxy, stopPid, type KafkaNode } from '@ituna/stack';

/** Toxiproxy's API port for the tests: clear of the brokers' and the services' ports. */
const API_PORT = 19474;

/**
 * The network between one client (a service) and the brokers, through Toxiproxy: a proxy per node
 * of a cluster started with `proxied` listeners. A client bootstrapped on `brokers` reaches every
 * node through its proxy; the faults below touch that client's connections only.
 */
export class NetworkFaults {
  private pid?: number;
  private readonly api = new Toxiproxy(`http://127.0.0.1:${API_PORT}`);
  private proxies: Proxy[] = [];

  constructor(
    private readonly nodes: readonly KafkaNode[],
    private readonly dir: string,
  ) {
    if (nodes.some((n) => !n.proxied)) throw new Error('NetworkFaults needs a cluster started with proxied listeners');
  }

  /** The bootstrap list that goes through the proxies (KAFKA_BROKERS of the client whose network is faulted). */
  get brokers(): string[] {
    return this.nodes.map((n) => `127.0.0.1:${n.proxied!.advertisedPort}`);
  }

  async start(): Promise<void> {
    this.pid = await startToxiproxy({ port: API_PORT, dir: join(this.dir, 'toxiproxy') });
    await this.api.reset();
    for (const proxy of Object.values(await this.api.getAll())) await proxy.remove();
    this.proxies = [];
    for (const n of this.nodes)
      this.proxies.push(
        await this.api.createProxy({
          name: `kafka-${n.nodeId}`,
          listen: `127.0.0.1:${n.proxied!.advertisedPort}`,
          upstream: `127.0.0.1:${n.proxied!.port}`,
        }),
      );
  }

  /** Nothing passes either way, and no connection closes, until heal(): a partition. */
  cut(): Promise<void> {
    return this.everywhere('timeout', { timeout: 0 }, ['upstream', 'downstream']);
  }

  /** Every byte each way waits `ms` (and up to `jitterMs` more). */
  slow(ms: number, jitterMs = 0): Promise<void> {
    return this.everywhere('latency', { latency: ms, jitter: jitterMs }, ['upstream', 'downstream']);
  }

  /** Connections are reset (TCP RST) as soon as data comes, mid-request. */
  reset(): Promise<void> {
    return this.everywhere('reset_peer', { timeout: 0 }, ['upstream']);
  }

  /** Every toxic removed: the network is whole again. */
  heal(): Promise<void> {
    return this.api.reset();
  }

  async stop(): Promise<void> {
    if (this.pid) await stopPid(this.pid, { graceMs: 5_000 });
    this.pid = undefined;
  }

  private async everywhere<T>(type: ToxicType, attributes: T, streams: ('upstream' | 'downstream')[]): Promise<void> {
    for (const proxy of this.proxies)
      for (const stream of streams)
        await proxy.addToxic<T>({
          name: `${type}-${stream}`,
          type,
          stream,
          toxicity: 1,
          attributes,
        } satisfies ICreateToxicBody<T>);
  }
}
