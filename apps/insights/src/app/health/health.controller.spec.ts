import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';

/** A stand-in for Jaeger's query API: /api/services answers 200 until it is closed. */
function fakeJaeger(): Promise<Server> {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/api/services' ? 200 : 404, { 'content-type': 'application/json' });
    res.end('{"data":[]}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the insights app, GET /health', () => {
  let jaeger: Server;
  let app: INestApplication;
  let base: string;
  const env = { ...process.env };

  beforeAll(async () => {
    jaeger = await fakeJaeger();
    process.env.JAEGER_QUERY_URL = `http://127.0.0.1:${(jaeger.address() as AddressInfo).port}`;
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    jaeger?.closeAllConnections();
    jaeger?.close();
    process.env = env;
  });

  it("answers 200 while Jaeger answers, in the five services' shape", async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      info: { jaeger: { status: 'up' } },
      error: {},
      details: { jaeger: { status: 'up' } },
    });
  });

  it('answers 503 naming Jaeger and why once Jaeger is gone', async () => {
    jaeger.closeAllConnections();
    await new Promise((resolve) => jaeger.close(resolve));
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; error: { jaeger: { status: string; message: string } } };
    expect(body.status).toBe('error');
    expect(body.error.jaeger.status).toBe('down');
    expect(body.error.jaeger.message).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/services: /);
  });
});
