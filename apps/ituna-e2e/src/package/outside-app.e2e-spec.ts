import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ensureTopics } from '@ituna/kafka';
import { brokers, kafka } from '@ituna/testbed';
import { waitForTrace } from '../support/jaeger';
import { TraceView } from '../support/trace-assertions';
import { packTracing, repoRoot as root, run, type PackedTracing } from './pack-tracing';

/**
 * The versions an outside app installs beside the package (the registry's newest of each major),
 * and how it is built: NestJS 12's packages are ES modules, and an app on it may be either.
 */
/** NestJS 11 as CommonJS is the new-app test's (`nest new` with CLI 11), which builds it from the README. */
const VARIANTS = [
  { nest: '^12.0.0', moduleSystem: 'esm' },
  { nest: '^12.0.0', moduleSystem: 'commonjs' },
  { nest: '^10.0.0', moduleSystem: 'commonjs' },
] as const;

type Variant = (typeof VARIANTS)[number];

/** The package, packed once for all variants. */
let packed: Promise<PackedTracing> | undefined;

/** Each variant's app, installed and compiled; all three at once (npm install waits on the network). */
const prepared = new Map<Variant, Promise<string>>();
function prepare(variant: Variant): Promise<string> {
  let app = prepared.get(variant);
  if (!app) {
    app = prepareApp(variant);
    // Awaited by the variant's beforeAll; a failure is reported there, not as unhandled.
    app.catch(() => undefined);
    prepared.set(variant, app);
  }
  return app;
}

/** Every app folder made, removed after the file (also those of variants a -t filter left out, and failed ones). */
const appDirs: string[] = [];

async function prepareApp({ nest, moduleSystem }: Variant): Promise<string> {
  const pack = await (packed ??= packTracing());
  const dir = mkdtempSync(join(tmpdir(), 'outside-app-'));
  appDirs.push(dir);
  cpSync(join(pack.dir, pack.filename), join(dir, pack.filename));
  cpSync(join(__dirname, 'outside-app'), dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'outside-app',
      private: true,
      type: moduleSystem === 'esm' ? 'module' : 'commonjs',
      dependencies: {
        '@ituna/tracing': `file:./${pack.filename}`,
        '@nestjs/common': nest,
        '@nestjs/core': nest,
        '@nestjs/microservices': nest,
        '@nestjs/platform-express': nest,
        '@opentelemetry/api': '~1.10.0',
        kafkajs: '^2.2.4',
        pino: '^10.0.0',
        'reflect-metadata': '^0.2.2',
        rxjs: '^7.8.0',
      },
    }),
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, timeout: 240_000 });
  const esm = moduleSystem === 'esm' ? ['--module', 'nodenext', '--moduleResolution', 'nodenext'] : [];
  await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir, ...esm]);
  return dir;
}

/** The outside app, started against the stack, resolved once it says it listens. */
async function startApp(
  dir: string,
  moduleSystem: Variant['moduleSystem'],
  env: Record<string, string>,
): Promise<{ app: ChildProcess; output: () => string }> {
  let output = '';
  // An ES module app starts tracing from a preload (see instrumentation-esm.ts); a CommonJS one from main.ts's first import.
  const preload = moduleSystem === 'esm' ? ['--import', './dist/instrumentation-esm.js'] : [];
  const app = spawn(process.execPath, [...preload, join(dir, 'dist', 'main.js')], {
    cwd: dir,
    env: { ...process.env, KAFKA_BROKERS: brokers.join(','), OTEL_BSP_SCHEDULE_DELAY: '200', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout!.on('data', (d: Buffer) => (output += d));
  app.stderr!.on('data', (d: Buffer) => (output += d));
  const deadline = Date.now() + 60_000;
  while (!output.includes('outside-app listening')) {
    if (app.exitCode !== null) throw new Error(`the outside app exited with ${app.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the outside app did not start in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { app, output: () => output };
}

async function stopApp(app: ChildProcess | undefined): Promise<void> {
  if (!app || app.exitCode !== null) return;
  const exited = new Promise((r) => app.once('exit', r));
  app.kill('SIGTERM');
  await exited;
}

/** Topics of their own for one run of the app. */
function topicsOf(uid: string) {
  const [IN, MID, OUT, BATCH] = ['in', 'mid', 'out', 'batch'].map((t) => `outside-${uid}-${t}`);
  return {
    IN,
    MID,
    OUT,
    BATCH,
    env: { IN_TOPIC: IN, MID_TOPIC: MID, OUT_TOPIC: OUT, BATCH_TOPIC: BATCH, GROUP_ID: `outside-${uid}` },
  };
}

/** Sends one message to the first hop with a caller's traceparent; resolves with the trace once both hops are in. */
async function throughTwoHops(t: ReturnType<typeof topicsOf>) {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: t.IN,
    messages: [
      { key: 'ada', value: JSON.stringify('ada'), headers: { traceparent: `00-${traceId}-${callerSpanId}-01` } },
    ],
  });
  await producer.disconnect();
  const trace = await waitForTrace(traceId, {
    has: [`process ${t.IN}`, 'greet', `send ${t.MID}`, `process ${t.MID}`, `send ${t.OUT}`],
    timeoutMs: 30_000,
  });
  const view = new TraceView(trace);
  // Exactly these: no doubled consumer span, no second producer span from another instrumentation.
  expect(view.names()).toEqual(
    ['greet', `process ${t.IN}`, `process ${t.MID}`, `send ${t.MID}`, `send ${t.OUT}`].sort(),
  );
  expect(view.services()).toEqual(['outside-app']);
  expect(view.one(`process ${t.IN}`).references.map((r) => r.spanID)).toContain(callerSpanId);
  view.chain(`process ${t.IN}`, 'greet');
  view.chain(`process ${t.IN}`, `send ${t.MID}`, `process ${t.MID}`, `send ${t.OUT}`);
  return { traceId, trace, view };
}

/**
 * @ituna/tracing outside the monorepo: packed, installed from the tarball with its peers from the
 * registry into a folder of its own, compiled there, run against the stack's Kafka and Jaeger.
 */
describe.each(VARIANTS)('@ituna/tracing in an outside NestJS app (NestJS $nest, $moduleSystem)', (variant) => {
  const { moduleSystem } = variant;
  const uid = randomBytes(4).toString('hex');
  const topics = topicsOf(uid);
  const { IN, MID, OUT, BATCH } = topics;
  let dir: string;
  let app: ChildProcess;
  let output = () => '';

  beforeAll(async () => {
    // The first variant's setup starts every variant's install; each then waits for its own.
    VARIANTS.forEach((v) => void prepare(v));
    dir = await prepare(variant);
    await ensureTopics('ituna-e2e-setup', [IN, MID, OUT, BATCH], 1);
    ({ app, output } = await startApp(dir, moduleSystem, topics.env));
  }, 420_000);

  const logs = () =>
    output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; trace_id?: string; messages?: number });

  afterAll(() => stopApp(app), 60_000);

  it('continues the caller trace through two Kafka hops: one PRODUCER and one CONSUMER per hop, handler spans under the consumer, logs carrying the trace id', async () => {
    const { traceId, trace, view } = await throughTwoHops(topics);
    expect(view.tag(view.one(`send ${MID}`), 'span.kind')).toBe('producer');
    expect(view.tag(view.one(`process ${MID}`), 'span.kind')).toBe('consumer');
    expect(view.tag(view.one(`process ${MID}`), 'messaging.consumer.group.name')).toBe(`outside-${uid}-server`);

    expect(
      logs()
        .filter((l) => l.msg === 'greeting' || l.msg === 'second hop')
        .map((l) => l.trace_id),
    ).toEqual([traceId, traceId]);
    const installed = (name: string) =>
      `${name} ${(JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`;
    console.log(
      `outside app (${['@nestjs/core', '@nestjs/microservices', 'kafkajs', '@opentelemetry/api', 'pino'].map(installed).join(', ')}): ` +
        `${trace.spans.length} spans in the trace, the caller's trace continued`,
    );
  });

  it('gives each message of a kafkajs eachBatch batch its own CONSUMER span, in its own trace, timed by its own processing', async () => {
    const callers = [0, 1, 2].map(() => ({
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
    }));
    const producer = kafka.producer();
    await producer.connect();
    // One send to one partition: one record batch, which the consumer fetches as one.
    await producer.send({
      topic: BATCH,
      messages: callers.map((c, i) => ({
        key: `parcel-${i}`,
        value: `parcel-${i}`,
        headers: { traceparent: `00-${c.traceId}-${c.spanId}-01` },
      })),
    });
    await producer.disconnect();

    const consumers = [];
    for (const caller of callers) {
      const view = new TraceView(
        await waitForTrace(caller.traceId, { has: [`process ${BATCH}`, 'pack'], timeoutMs: 30_000 }),
      );
      expect(view.names()).toEqual(['pack', `process ${BATCH}`]);
      const consumer = view.one(`process ${BATCH}`);
      expect(view.tag(consumer, 'span.kind')).toBe('consumer');
      expect(view.tag(consumer, 'messaging.consumer.group.name')).toBe(`outside-${uid}-batch`);
      expect(consumer.references.map((r) => r.spanID)).toContain(caller.spanId);
      view.chain(`process ${BATCH}`, 'pack');
      consumers.push(consumer);
    }
    // The three came in one batch, were handled one after the other, and each span says so.
    expect(
      logs()
        .filter((l) => l.msg === 'batch')
        .map((l) => l.messages),
    ).toEqual([3]);
    for (let i = 1; i < 3; i++) {
      // Start times are whole milliseconds (the SDK anchors them on Date.now()), durations finer: 1 ms of slack.
      expect(consumers[i].startTime).toBeGreaterThanOrEqual(
        consumers[i - 1].startTime + consumers[i - 1].duration - 1000,
      );
    }
    consumers.forEach((span) => expect(span.duration).toBeGreaterThanOrEqual(19_000));
    expect(
      logs()
        .filter((l) => l.msg === 'packed')
        .map((l) => l.trace_id),
    ).toEqual(callers.map((c) => c.traceId));
  });
});

/**
 * The same app as a hybrid HTTP + Kafka app, registering the interceptor each way NestJS allows
 * (or not at all): TracingModule's server hooks give one trace whichever (NestJS 12, CommonJS).
 */
const STYLES = [
  { register: 'before', inherit: true },
  { register: 'before', inherit: false },
  { register: 'after', inherit: true },
  { register: 'app-interceptor', inherit: false },
  { register: 'controller', inherit: false },
  { register: 'none', inherit: false },
] as const;

describe.each(STYLES)(
  '@ituna/tracing in a hybrid outside app: interceptor $register, inheritAppConfig $inherit',
  (style) => {
    const variant = VARIANTS[1];
    const topics = topicsOf(randomBytes(4).toString('hex'));
    let app: ChildProcess | undefined;

    afterAll(() => stopApp(app), 60_000);

    it('gives one trace through both hops, each span once', async () => {
      const dir = await prepare(variant);
      await ensureTopics('ituna-e2e-setup', [topics.IN, topics.MID, topics.OUT, topics.BATCH], 1);
      ({ app } = await startApp(dir, variant.moduleSystem, {
        ...topics.env,
        LAYOUT: 'hybrid',
        REGISTER: style.register,
        INHERIT_APP_CONFIG: String(style.inherit),
      }));
      const { view } = await throughTwoHops(topics);
      expect(view.tag(view.one(`process ${topics.MID}`), 'messaging.consumer.group.name')).toBe(
        `${topics.env.GROUP_ID}-server`,
      );
      console.log(
        `hybrid outside app, interceptor ${style.register}, inheritAppConfig ${style.inherit}: 1/1 whole, ${view.trace.spans.length} spans`,
      );
    }, 420_000);
  },
);

afterAll(async () => {
  // The installs still running (a variant filtered out) end first.
  await Promise.allSettled(prepared.values());
  const pack = await packed?.catch(() => undefined);
  for (const dir of [...appDirs, ...(pack ? [pack.dir] : [])]) rmSync(dir, { recursive: true, force: true });
}, 300_000);
