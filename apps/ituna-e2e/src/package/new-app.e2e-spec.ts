import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureTopics } from '@ituna/kafka';
import { brokers, kafka } from '@ituna/testbed';
import { jaegerQueryUrl, waitForTrace } from '../support/jaeger';
import { TraceView } from '../support/trace-assertions';
import { packTracing, repoRoot, run, type PackedTracing } from './pack-tracing';

const README = readFileSync(join(repoRoot, 'libs', 'tracing', 'README.md'), 'utf8');

/** The quick start's files: each ```ts block whose info string names one (`file=src/x.ts`). */
export function readmeFiles(markdown: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [, path, body] of markdown.matchAll(/^```ts file=(\S+)\n([\s\S]*?)^```$/gm)) files.set(path, body);
  return files;
}

/** The words of the README's install line (the one `npm install` of its ```sh block). */
export function readmeInstall(markdown: string): string[] {
  const line = /^```sh\n(npm install [^\n]+)\n```$/m.exec(markdown)?.[1];
  if (!line) throw new Error('the tracing README has no ```sh block with an `npm install` line');
  return line.split(/\s+/).slice(2);
}

/** The official CLI's newest 11 and 12: the first makes a CommonJS app, the second an ES module app. */
const CLIS = [
  { major: '11', start: (dir: string, main: string) => [join(dir, 'dist', main)] },
  {
    major: '12',
    start: (dir: string, main: string) => [
      '--import',
      join(dir, 'dist', 'tracing.js'),
      join(dir, 'dist', `${main}.js`),
    ],
  },
] as const;
/** The README's three layouts: each entry file, and the line it logs once it is serving. */
const ENTRIES = {
  hybrid: { main: 'main', ready: /Nest application successfully started/ },
  producer: { main: 'main-producer', ready: /Nest application successfully started/ },
  microservice: { main: 'main-microservice', ready: /Nest microservice successfully started/ },
} as const;
type Cli = (typeof CLIS)[number];

const TOPICS = ['shop-orders', 'shop-packed'];
const GROUP = 'shop-server';
const PURCHASES = 3;

let packed: Promise<PackedTracing> | undefined;
const made: string[] = [];
const prepared = new Map<Cli, Promise<string>>();

/** `nest new`, the README's install line, its files over the scaffold's, `npm run build`. */
async function scaffold(cli: Cli): Promise<string> {
  const pack = await (packed ??= packTracing());
  const dir = mkdtempSync(join(tmpdir(), `new-app-${cli.major}-`));
  made.push(dir);
  await run(
    'npx',
    ['-y', `@nestjs/cli@${cli.major}`, 'new', 'shop', '--skip-git', '--skip-install', '--package-manager', 'npm'],
    {
      cwd: dir,
      timeout: 240_000,
    },
  );
  const app = join(dir, 'shop');
  cpSync(join(pack.dir, pack.filename), join(app, pack.filename));
  // Word for word, but the tarball's name and the NestJS major the README tells the reader to adapt.
  const words = readmeInstall(README).map((w) =>
    w.endsWith('.tgz')
      ? `./${pack.filename}`
      : w.replace(/^@nestjs\/microservices@\d+$/, `@nestjs/microservices@${cli.major}`),
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...words], {
    cwd: app,
    timeout: 300_000,
  });
  for (const [path, body] of readmeFiles(README)) {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), body);
  }
  // The scaffold's own controller and service stay (the new module no longer lists them); its tests are not built.
  await run('npm', ['run', 'build'], { cwd: app, timeout: 240_000 });
  for (const { main } of Object.values(ENTRIES))
    if (!existsSync(join(app, 'dist', `${main}.js`))) throw new Error(`no dist/${main}.js after npm run build`);
  return app;
}

/** One process of the new app, its output gathered; resolves once it logged that it serves. */
class AppProcess {
  output = '';
  private readonly child: ChildProcess;

  constructor(
    readonly app: string,
    args: string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, args, {
      cwd: app,
      env: { ...process.env, KAFKA_BROKERS: brokers.join(','), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d));
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d));
  }

  async ready(pattern: RegExp): Promise<this> {
    const deadline = Date.now() + 60_000;
    while (!pattern.test(this.output)) {
      if (this.child.exitCode !== null)
        throw new Error(`the new app exited with ${this.child.exitCode}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`the new app did not start in 60 s:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return this;
  }

  /** SIGTERM, as a deployment stops it: a consumer leaves its group. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }

  /** Its JSON log lines (pino). */
  lines(): { msg?: string; trace_id?: string }[] {
    return this.output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; trace_id?: string });
  }
}

function prepare(cli: Cli) {
  let p = prepared.get(cli);
  if (!p) {
    p = scaffold(cli);
    p.catch(() => undefined);
    prepared.set(cli, p);
  }
  return p;
}

/**
 * A newcomer's app: made by the official NestJS CLI, given the tracing README's install line and
 * quick-start files as they are written there, built, run against the stack's Kafka and Jaeger.
 * A README that drifts from what works fails here.
 */
describe.each(CLIS)('a new app from `nest new` (CLI $major) and the tracing README', (cli) => {
  const suffix = `${cli.major}-${randomBytes(3).toString('hex')}`;
  const port = String(3900 + Number(cli.major));
  const running: AppProcess[] = [];
  let app: string;

  const start = async (entry: keyof typeof ENTRIES, service: string) => {
    const { main, ready } = ENTRIES[entry];
    const started = new AppProcess(app, cli.start(app, main), { PORT: port, OTEL_SERVICE_NAME: service });
    running.push(started);
    return started.ready(ready);
  };

  const stopAll = async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
    // The README's group is fixed: the next app starts it afresh, as a newcomer's first run does.
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([GROUP]).catch(() => undefined);
    await admin.disconnect();
  };

  beforeAll(async () => {
    CLIS.forEach((c) => void prepare(c));
    app = await prepare(cli);
    await ensureTopics('ituna-e2e-setup', TOPICS, 1);
  }, 900_000);

  afterAll(stopAll, 60_000);

  const buy = (item: string, traceId: string) =>
    fetch(`http://127.0.0.1:${port}/buy`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
      body: JSON.stringify({ item }),
    });

  const whole = [
    'POST /buy',
    'send shop-orders',
    'process shop-orders',
    'wrap',
    'send shop-packed',
    'process shop-packed',
  ];

  /**
   * Purchases through POST /buy, each checked in Jaeger: one trace, each span once, in `services`
   * (the HTTP side's first), and the handlers' log lines carrying its trace id.
   */
  async function purchases(services: string[], consumer: AppProcess): Promise<number> {
    // A new group's consumer fixes its position at its first fetch, after the app says it started:
    // a purchase before that is not consumed (Kafka's default, not the tracing's). One first, until it is.
    for (let tries = 0; ; tries += 1) {
      const warm = randomBytes(16).toString('hex');
      expect((await buy('warm-up', warm)).status).toBe(201);
      const ok = await waitForTrace(warm, { has: ['process shop-packed'], timeoutMs: 10_000 }).then(
        () => true,
        () => false,
      );
      if (ok) break;
      if (tries === 5) throw new Error(`no purchase was consumed in 60 s:\n${consumer.output}`);
    }

    const bought = Array.from({ length: PURCHASES }, (_, i) => ({
      item: `tuna-${i}`,
      traceId: randomBytes(16).toString('hex'),
    }));
    for (const p of bought) expect((await buy(p.item, p.traceId)).status).toBe(201);

    let wholeCount = 0;
    for (const p of bought) {
      const view = new TraceView(await waitForTrace(p.traceId, { has: whole, timeoutMs: 30_000 }));
      // Each span once: nothing doubled (an interceptor and the server hook), nothing in another trace.
      expect(view.names()).toEqual([...whole].sort());
      expect(view.services()).toEqual([...services].sort());
      expect(view.serviceOf(view.one('send shop-orders'))).toBe(services[0]);
      expect(view.serviceOf(view.one('process shop-orders'))).toBe(services.at(-1));
      view.chain('POST /buy', 'send shop-orders', 'process shop-orders', 'send shop-packed', 'process shop-packed');
      view.chain('process shop-orders', 'wrap');
      wholeCount += 1;
    }

    const lines = consumer.lines();
    for (const p of bought) {
      const logged = lines.filter((l) => l.msg === `packing ${p.item}` || l.msg === `packed ${p.item}`);
      expect(logged.map((l) => l.trace_id)).toEqual([p.traceId, p.traceId]);
    }
    return wholeCount;
  }

  it('hybrid (HTTP + Kafka in one process): one trace per purchase, each span once, log lines carrying the trace id', async () => {
    const service = `shop-${suffix}`;
    const hybrid = await start('hybrid', service);
    const whole = await purchases([service], hybrid);
    const firstLines = hybrid.output.split('\n').slice(0, 3).join(' | ');
    console.log(
      `nest new (CLI ${cli.major}) + the tracing README, hybrid: ${whole}/${PURCHASES} purchases whole in one trace each, ` +
        `every log line of a handler with its trace id; Jaeger ${jaegerQueryUrl}; the app's first lines: ${firstLines.slice(0, 400)}`,
    );
    // Metrics are off; traces are what Jaeger takes.
    expect(hybrid.output).not.toMatch(/OpenTelemetry: .*failed|OTLPExporterError/);
    await stopAll();
  }, 180_000);

  it('split in an HTTP service that only produces and a Kafka microservice: one trace per purchase across both', async () => {
    const web = `shop-web-${suffix}`;
    const worker = `shop-worker-${suffix}`;
    const consumer = await start('microservice', worker);
    const producer = await start('producer', web);
    const whole = await purchases([web, worker], consumer);
    console.log(
      `nest new (CLI ${cli.major}) + the tracing README, split: ${whole}/${PURCHASES} purchases whole in one trace each across ${web} and ${worker}`,
    );
    for (const p of [producer, consumer]) expect(p.output).not.toMatch(/OpenTelemetry: .*failed|OTLPExporterError/);
  }, 180_000);
});

afterAll(async () => {
  await Promise.allSettled(prepared.values());
  const pack = await packed?.catch(() => undefined);
  for (const dir of [...made, ...(pack ? [pack.dir] : [])]) rmSync(dir, { recursive: true, force: true });
}, 300_000);
