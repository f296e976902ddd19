'use strict';
// `npm start`: dependencies, Kafka and Jaeger (native or Docker), a build of the five services and
// the insights page (cached by Nx), then each app run from dist with plain Node: no watchers, no
// inspector, no executor process per app (`npx nx serve <app>` and `npx nx run-many -t serve` are
// the developer's watch mode). Ctrl+C stops the apps and whatever part of the stack this command
// started; a stack that was already running stays up.
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { spawn } = require('node:child_process');
const { parseArgs } = require('node:util');
const { bootstrap, root } = require('./bootstrap');

// It takes no flags: one given is a mistake worth saying before anything starts.
try {
  parseArgs({ args: process.argv.slice(2), strict: true, allowPositionals: false, options: {} });
} catch (err) {
  console.error(`[start] ${err.message}\nusage: npm start (the environment variables in the README's Configuration set it up)`);
  process.exit(2);
}

bootstrap(__filename);

const stack = require('../stack/stack');
const { endpointsFromEnv } = require('../stack/config');
const { waitFor, httpOk } = require('../stack/probes');

const INSIGHTS_PORT = 3006;
const SERVICES = {
  'website-ordering': 3001,
  'onsite-ordering': 3002,
  'direct-kitchen-ordering': 3003,
  'order-validation': 3004,
  'kitchen-service': 3005,
};
const APPS = [...Object.keys(SERVICES), 'insights'];

/** The build of the apps, while a first Jaeger build (at low priority) goes on beside it. */
function build() {
  const nx = path.join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
  const started = Date.now();
  console.log('[start] building the services and the insights page (Nx caches it)...');
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(process.execPath, [nx, 'run-many', '-t', 'build', `--projects=${APPS.join(',')}`, '--output-style=static'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        process.stderr.write(output);
        return reject(new Error('the build failed (its output is above)'));
      }
      console.log(`[start] built in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      resolve();
    });
  });
}

/** Runs one built app as its serve target would (the same Node flags), its lines prefixed with its name. */
function run(name, env) {
  const serve = JSON.parse(fs.readFileSync(path.join(root, 'apps', name, 'project.json'), 'utf8')).targets.serve.options;
  const child = spawn(process.execPath, [...(serve.runtimeArgs ?? []), path.join(root, 'dist', 'apps', name, 'main.cjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const label = `${name.padEnd(23)} |`;
  for (const [from, to] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    readline.createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(`${label} ${line}\n`));
  }
  return child;
}

async function main() {
  // Kafka first: the services need it. Jaeger comes up beside them, since its first build takes
  // minutes; the services run meanwhile, and their spans reach Jaeger once it is up.
  const started = [];
  const kafka = await stack.up(['kafka']);
  if (kafka.kafka === 'started') started.push('kafka');
  let jaegerState = 'starting';
  const jaeger = stack.up(['jaeger']).then(
    (outcome) => {
      if (outcome.jaeger === 'started') started.push('jaeger');
      if (jaegerState === 'announced') console.log(`[start] Jaeger is up: traces from now on are at ${endpointsFromEnv().queryUrl}`);
      jaegerState = 'up';
    },
    (err) => {
      jaegerState = 'failed';
      console.error(`[start] Jaeger did not come up, so the services run without traces: ${err.message}`);
    },
  );
  await build();
  const env = { ...(process.stdout.isTTY ? { LOG_FORMAT: 'pretty' } : {}), ...process.env };
  const apps = new Map(APPS.map((name) => [name, run(name, env)]));

  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the services...');
    const running = [...apps.values()].filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(running.map((child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')))));
    // A Jaeger build still running is ended by the same Ctrl+C (one process group).
    if (jaegerState !== 'starting' && jaegerState !== 'announced') await jaeger;
    if (started.length) await stack.down(started);
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  for (const [name, child] of apps) child.once('exit', (code, signal) => !stopping && (console.error(`[start] ${name} stopped (${signal ?? `exit ${code}`})`), stop(1)));

  const urls = [...Object.values(SERVICES).map((port) => `http://127.0.0.1:${port}/health`), `http://127.0.0.1:${INSIGHTS_PORT}/`];
  const healthy = await Promise.all(urls.map((url) => waitFor(() => httpOk(url), { timeoutMs: 180000, intervalMs: 500 })));
  const e = endpointsFromEnv();
  console.log(`
ITuna is up${healthy.every(Boolean) ? '' : ' (some services are not healthy yet: see their logs above)'}:
  Kafka                    ${e.brokers.map((b) => `${b.host}:${b.port}`).join(',')}
  Jaeger (traces)          ${e.queryUrl}   API: ${e.queryUrl}/api/traces?service=website-ordering${jaegerNote()}
  Jaeger OTLP gRPC         ${e.otlp.host}:${e.otlp.port}
  Insights (bottlenecks)   http://127.0.0.1:${INSIGHTS_PORT}   (also: npm run report, npm run trace -- <orderId>)
${Object.entries(SERVICES)
  .map(([name, port]) => `  ${name.padEnd(24)} http://127.0.0.1:${port}${port <= 3003 ? '  (POST /orders, GET /health)' : '  (GET /health)'}`)
  .join('\n')}

Each ordering service also places a random order every 5 s. Press Ctrl+C to stop.`);

  function jaegerNote() {
    if (jaegerState === 'up' || jaegerState === 'failed') return '';
    jaegerState = 'announced';
    return '\n                           (not up yet: building on a first run; traces begin when it is up, and the\n                           spans of orders placed before then are dropped after the exporter\'s retries)';
  }
}

main().catch((err) => {
  console.error(`[start] ${err.message}`);
  process.exit(1);
});
