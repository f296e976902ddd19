import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { isAlive, kafkaAnswersMetadata, kafkaNodes, startKafkaCluster, stopPid, type KafkaNode } from '@ituna/stack';

/** Client ports 19592, 19594, 19596 (controllers one above each): clear of the stack's and the other test brokers'. */
const FIRST = { port: 19592, controllerPort: 19593 };
/** With `proxied`: each node's listener for proxied clients 100 above its port, advertised 200 above it (the proxy's). */
const PROXIED_OFFSET = 100;
const PROXY_OFFSET = 200;

/**
 * A native three-node KRaft cluster of a test's own, made by the launcher's startKafkaCluster
 * (the same nodes `npm run stack:up -- --brokers 3` starts, on other ports and in tmp/), with
 * the controls a failover test needs: which node leads a partition, kill a node, start it again.
 */
export class KafkaCluster {
  readonly nodes: KafkaNode[];
  readonly dir = join(__dirname, '..', '..', '..', '..', 'tmp', 'kafka-cluster');
  private readonly pids = new Map<number, number | undefined>();

  /**
   * With `proxied`, each node also listens for clients that reach it through a proxy (its port
   * + 100, advertised as its port + 200: where NetworkFaults puts the proxy), so the network of one
   * service alone can be cut.
   */
  constructor({ proxied = false }: { proxied?: boolean } = {}) {
    this.nodes = kafkaNodes(3, FIRST).map((n) =>
      proxied ? { ...n, proxied: { port: n.port + PROXIED_OFFSET, advertisedPort: n.port + PROXY_OFFSET } } : n,
    );
  }

  /** Its bootstrap list, every node: what KAFKA_BROKERS holds for the services. */
  get brokers(): string[] {
    return this.nodes.map((n) => `127.0.0.1:${n.port}`);
  }

  /** The environment that points a service at the cluster. */
  env(): NodeJS.ProcessEnv {
    return { KAFKA_BROKERS: this.brokers.join(',') };
  }

  client(clientId = 'e2e-cluster'): Kafka {
    return new Kafka({ clientId, brokers: this.brokers, logLevel: logLevel.NOTHING });
  }

  /** Formats and starts all three nodes; resolves once each has registered as a broker. */
  async start(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    const pids = await startKafkaCluster(this.nodes, { dir: this.dir, shortLived: true });
    this.nodes.forEach((n, i) => this.pids.set(n.nodeId, pids[i]));
    await this.waitForBrokers(3);
  }

  /** Resolves once `count` brokers answer in the cluster's metadata. */
  async waitForBrokers(count: number, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await this.brokerIds()).length >= count) return;
      if (Date.now() > deadline) throw new Error(`${count} brokers not up in ${timeoutMs} ms; see ${this.dir}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** The ids of the brokers the cluster's metadata names now (empty while none answers). */
  async brokerIds(): Promise<number[]> {
    const admin = this.client('e2e-cluster-probe').admin();
    try {
      await admin.connect();
      return (await admin.describeCluster()).brokers.map((b) => b.nodeId).sort();
    } catch {
      return [];
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** The node that leads partition `partition` of `topic` now. */
  async leaderOf(topic: string, partition: number): Promise<number> {
    const admin = this.client('e2e-cluster-probe').admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      return topics[0].partitions.find((p) => p.partitionId === partition)!.leader;
    } finally {
      await admin.disconnect();
    }
  }

  /** Resolves with the ms it took until every partition of `topics` has all three replicas in sync again. */
  async waitForFullIsr(topics: readonly string[], timeoutMs = 90_000): Promise<number> {
    const startedAt = Date.now();
    const admin = this.client('e2e-cluster-probe').admin();
    await admin.connect();
    try {
      for (;;) {
        const { topics: found } = await admin.fetchTopicMetadata({ topics: [...topics] }).catch(() => ({ topics: [] }));
        const partitions = found.flatMap((t) => t.partitions);
        if (found.length === topics.length && partitions.every((p) => p.isr.length === 3))
          return Date.now() - startedAt;
        if (Date.now() - startedAt > timeoutMs)
          throw new Error(
            `in-sync replicas not back to 3 in ${timeoutMs} ms: ${JSON.stringify(partitions.map((p) => p.isr))}`,
          );
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      await admin.disconnect();
    }
  }

  /** SIGKILLs node `nodeId` (a crash: no clean shutdown, no leadership handed over) and waits until it is gone. */
  async killNode(nodeId: number): Promise<void> {
    const pid = this.pids.get(nodeId);
    if (!pid) return;
    process.kill(-pid, 'SIGKILL');
    while (isAlive(pid)) await new Promise((r) => setTimeout(r, 50));
    this.pids.set(nodeId, undefined);
  }

  /** SIGSTOPs node `nodeId` (a frozen VM, a GC pause): its connections stay open, unanswered, until resume(). */
  pauseNode(nodeId: number): void {
    const pid = this.pids.get(nodeId);
    if (pid) process.kill(-pid, 'SIGSTOP');
  }

  resumeNode(nodeId: number): void {
    const pid = this.pids.get(nodeId);
    if (pid) process.kill(-pid, 'SIGCONT');
  }

  /** Starts node `nodeId` again on its storage; resolves once the cluster names three brokers. */
  async restartNode(nodeId: number, timeoutMs = 90_000): Promise<void> {
    const [pid] = await startKafkaCluster(this.nodes, { dir: this.dir, only: [nodeId], shortLived: true });
    this.pids.set(nodeId, pid);
    await this.waitForBrokers(3, timeoutMs);
    // Kafka lists a broker in the metadata once it is unfenced, a moment before its listener takes
    // clients: a client that then picks it (kafkajs's brokerPool.withBroker connects outside its
    // try) fails with ECONNREFUSED instead of asking another (CI on b3ac668, chaos seed 1111395726).
    const node = this.nodes.find((n) => n.nodeId === nodeId)!;
    const deadline = Date.now() + timeoutMs;
    while (!(await kafkaAnswersMetadata([{ host: '127.0.0.1', port: node.port }], 3))) {
      if (Date.now() > deadline)
        throw new Error(`node ${nodeId} listed but not answering in ${timeoutMs} ms; see ${this.dir}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async stop(): Promise<void> {
    for (const node of this.nodes) this.resumeNode(node.nodeId);
    await Promise.all([...this.pids.values()].map((pid) => (pid ? stopPid(pid, { graceMs: 15_000 }) : undefined)));
    this.pids.clear();
  }
}
