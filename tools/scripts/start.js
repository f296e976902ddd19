'use strict';
// `npm start`: dependencies, Kafka and Jaeger (native or Docker), then the five services and the
// insights page with `nx run-many -t serve`. Ctrl+C stops the services and whatever part of the stack this command
// started; a stack that was already running stays up.
const path = require('node:path');
const { spawn } = require('node:child_process');
const { bootstrap, root } = require('./bootstrap');

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

async function main() {
  const outcome = await stack.up();
  const started = Object.keys(outcome).filter((c) => outcome[c] === 'started');
  const nx = path.join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
  const services = spawn(process.execPath, [nx, 'run-many', '-t', 'serve', '--projects=tag:type:service,insights', '--parallel=6', '--output-style=stream'], {
    cwd: root,
    stdio: 'inherit',
    detached: true,
    env: { ...(process.stdout.isTTY ? { LOG_FORMAT: 'pretty' } : {}), ...process.env, NX_DAEMON: 'false' },
  });

  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the services...');
    try {
      process.kill(-services.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise((r) => (services.exitCode !== null ? r() : services.once('exit', r)));
    if (started.length) await stack.down(started);
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  services.once('exit', (code) => !stopping && (console.error(`[start] the services stopped (exit ${code})`), stop(1)));

  const urls = [...Object.values(SERVICES).map((port) => `http://127.0.0.1:${port}/health`), `http://127.0.0.1:${INSIGHTS_PORT}/`];
  const healthy = await Promise.all(urls.map((url) => waitFor(() => httpOk(url), { timeoutMs: 180000, intervalMs: 500 })));
  const e = endpointsFromEnv();
  console.log(`
ITuna is up${healthy.every(Boolean) ? '' : ' (some services are not healthy yet: see their logs above)'}:
  Kafka                    ${e.brokers.map((b) => `${b.host}:${b.port}`).join(',')}
  Jaeger (traces)          ${e.queryUrl}   API: ${e.queryUrl}/api/traces?service=website-ordering
  Jaeger OTLP gRPC         ${e.otlp.host}:${e.otlp.port}
  Insights (bottlenecks)   http://127.0.0.1:${INSIGHTS_PORT}   (also: npm run report, npm run trace -- <orderId>)
${Object.entries(SERVICES)
  .map(([name, port]) => `  ${name.padEnd(24)} http://127.0.0.1:${port}${port <= 3003 ? '  (POST /orders, GET /health)' : '  (GET /health)'}`)
  .join('\n')}

Each ordering service also places a random order every 5 s. Press Ctrl+C to stop.`);
}

main().catch((err) => {
  console.error(`[start] ${err.message}`);
  process.exit(1);
});
