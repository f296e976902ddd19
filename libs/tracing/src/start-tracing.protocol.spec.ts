import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The HTTP exporters load their transport with a dynamic import(), which jest's module sandbox
// refuses: the service side runs in a plain Node process, as in a service.
const SERVICE = `
  const { trace } = require('@opentelemetry/api');
  const { startTracing } = require(${JSON.stringify(join(__dirname, 'start-tracing.ts'))});
  const handle = startTracing({ serviceName: 'kitchen-service' });
  trace.getTracer('t').startSpan('probe').end();
  handle.forceFlush().then(() => handle.shutdown()).then(() => console.log(JSON.stringify(handle.spanCounts())));
`;

describe('startTracing with OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', () => {
  const received: { method?: string; url?: string; type?: string; bytes: number }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, type: req.headers['content-type'], bytes });
      res.writeHead(200, { 'content-type': String(req.headers['content-type']) }).end();
    });
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  beforeEach(() => void received.splice(0));
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const run = async (protocol: string) => {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-e', SERVICE],
      {
        cwd: join(__dirname, '..', '..', '..'),
        env: {
          ...process.env,
          TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.lib.json'),
          OTEL_TRACES_EXPORTER: 'otlp',
          OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol,
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint,
        },
        timeout: 30_000,
      },
    );
    return JSON.parse(stdout.trim().split('\n').pop()!);
  };

  it.each([
    ['http/protobuf', 'application/x-protobuf'],
    ['http/json', 'application/json'],
  ])(
    '%s: loads that exporter and posts the spans to the endpoint as %s',
    async (protocol, type) => {
      const counts = await run(protocol);
      expect(received).toEqual([{ method: 'POST', url: '/v1/traces', type, bytes: expect.any(Number) }]);
      expect(received[0].bytes).toBeGreaterThan(0);
      expect(counts).toMatchObject({ ended: 1, exported: 1, dropped: 0, notExported: 0 });
    },
    40_000,
  );
});
