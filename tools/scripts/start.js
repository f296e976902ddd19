'use strict';
// `npm start`: dependencies, Kafka and Jaeger (native or Docker), then waits; Ctrl+C stops
// what this command started and leaves alone what was already running.
const { bootstrap } = require('./bootstrap');

bootstrap(__filename);

const stack = require('../stack/stack');
const { endpointsFromEnv } = require('../stack/config');

async function main() {
  const outcome = await stack.up();
  const started = Object.keys(outcome).filter((c) => outcome[c] === 'started');
  const e = endpointsFromEnv();
  console.log(`
ITuna stack is up:
  Kafka          ${e.brokers.map((b) => `${b.host}:${b.port}`).join(',')}
  Jaeger OTLP    grpc://${e.otlp.host}:${e.otlp.port}
  Jaeger query   ${e.queryUrl}/api/services   (UI: docker compose only; see README)

Press Ctrl+C to stop${started.length ? ` (${started.join(' and ')})` : ''}.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping...');
    if (started.length) await stack.down(started);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => undefined, 1 << 30);
}

main().catch((err) => {
  console.error(`[start] ${err.message}`);
  process.exit(1);
});
