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
  { major: '11', start: (dir: string) => [join(dir, 'dist', 'main')] },
  { major: '12', start: (dir: string) => ['--import', join(dir, 'dist', 'tracing.js'), join(dir, 'dist', 'main.js')] },
] as const;
type Cli = (typeof CLIS)[number];

const TOPICS = ['shop-orders', 'shop-packed'];
const GROUP = 'shop-server';
const PURCHASES = 3;

let packed: Promise<PackedTracing> | undefined;
const made: string[] = [];
const prepared = new Map<Cli, Promise<{ app: string; started: string[] }>>();

/** `nest new`, the README's install line, its files over the scaffold's, `npm run build`. */
async function scaffold(cli: Cli): Promise<{ app: string; started: string[] }> {
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
  const started = cli.start(app);
  const main = started.at(-1)!;
  if (!existsSync(main.endsWith('.js') ? main : `${main}.js`)) throw new Error(`no ${main} after npm run build`);
  return { app, started };
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
  const service = `shop-${cli.major}-${randomBytes(3).toString('hex')}`;
  const port = String(3900 + Number(cli.major));
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    CLIS.forEach((c) => void prepare(c));
    const { app, started } = await prepare(cli);
    await ensureTopics('ituna-e2e-setup', TOPICS, 1);
    child = spawn(process.execPath, started, {
      cwd: app,
      env: { ...process.env, KAFKA_BROKERS: brokers.join(','), PORT: port, OTEL_SERVICE_NAME: service },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d));
    child.stderr!.on('data', (d: Buffer) => (output += d));
    const deadline = Date.now() + 60_000;
    while (!/Nest application successfully started/.test(output)) {
      if (child.exitCode !== null) throw new Error(`the new app exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the new app did not start in 60 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 900_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    // The README's group is fixed: the next app starts it afresh, as a newcomer's first run does.
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([GROUP]).catch(() => undefined);
    await admin.disconnect();
  }, 60_000);

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

  it('gives one trace per purchase, each span once, and log lines carrying the trace id', async () => {
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
      if (tries === 5) throw new Error(`no purchase was consumed in 60 s:\n${output}`);
    }

    const purchases = Array.from({ length: PURCHASES }, (_, i) => ({
      item: `tuna-${i}`,
      traceId: randomBytes(16).toString('hex'),
    }));
    for (const p of purchases) expect((await buy(p.item, p.traceId)).status).toBe(201);

    let wholeCount = 0;
    for (const p of purchases) {
      const view = new TraceView(await waitForTrace(p.traceId, { has: whole, timeoutMs: 30_000 }));
      // Each span once: nothing doubled (an interceptor and the server hook), nothing in another trace.
      expect(view.names()).toEqual([...whole].sort());
      expect(view.services()).toEqual([service]);
      view.chain('POST /buy', 'send shop-orders', 'process shop-orders', 'send shop-packed', 'process shop-packed');
      view.chain('process shop-orders', 'wrap');
      wholeCount += 1;
    }

    const lines = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; trace_id?: string });
    for (const p of purchases) {
      const logged = lines.filter((l) => l.msg === `packing ${p.item}` || l.msg === `packed ${p.item}`);
      expect(logged.map((l) => l.trace_id)).toEqual([p.traceId, p.traceId]);
    }
    const firstLines = output.split('\n').slice(0, 3).join(' | ');
    console.log(
      `nest new (CLI ${cli.major}) + the tracing README: ${wholeCount}/${PURCHASES} purchases whole in one trace each, ` +
        `every log line of a handler with its trace id; Jaeger ${jaegerQueryUrl}; the app's first lines: ${firstLines.slice(0, 400)}`,
    );
  }, 180_000);

  it('prints no export error at start (metrics are off; traces are what Jaeger takes)', () => {
    expect(output).not.toMatch(/OpenTelemetry: .*failed|OTLPExporterError/);
  });
});

afterAll(async () => {
  await Promise.allSettled(prepared.values());
  const pack = await packed?.catch(() => undefined);
  for (const dir of [...made, ...(pack ? [pack.dir] : [])]) rmSync(dir, { recursive: true, force: true });
}, 300_000);
