import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_JAEGER_QUERY_URL,
  DEFAULT_KAFKA_BROKERS,
  jaegerQueryUrlFrom,
  jaegerUiAnswers,
  kafkaBrokersFrom,
} from './addresses';

describe('default addresses', () => {
  it('are the local stack unless the environment names others', () => {
    expect(kafkaBrokersFrom({})).toEqual([DEFAULT_KAFKA_BROKERS]);
    expect(kafkaBrokersFrom({ KAFKA_BROKERS: ' ' })).toEqual([DEFAULT_KAFKA_BROKERS]);
    expect(jaegerQueryUrlFrom({})).toBe(DEFAULT_JAEGER_QUERY_URL);
  });

  it('read KAFKA_BROKERS as a trimmed list without empty entries', () => {
    expect(kafkaBrokersFrom({ KAFKA_BROKERS: ' k1:9092, k2:9092,,' })).toEqual(['k1:9092', 'k2:9092']);
  });

  it('read JAEGER_QUERY_URL without a trailing slash', () => {
    expect(jaegerQueryUrlFrom({ JAEGER_QUERY_URL: 'http://jaeger:16686/' })).toBe('http://jaeger:16686');
  });
});

describe('jaegerUiAnswers', () => {
  /** A server answering `/` with `page`: Jaeger UI's index (the React root) or the Go build's placeholder. */
  async function serving(page: string, run: (url: string) => Promise<void>) {
    const server = createServer((_req, res) => res.end(page));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    } finally {
      server.close();
    }
  }

  it("is true for Jaeger UI's page, false for the placeholder and for nothing listening", async () => {
    await serving('<html><body><div id="jaeger-ui-root"></div></body></html>', async (url) =>
      expect(await jaegerUiAnswers(url)).toBe(true),
    );
    await serving('<html><body>This is not the Jaeger UI you are looking for</body></html>', async (url) =>
      expect(await jaegerUiAnswers(url)).toBe(false),
    );
    expect(await jaegerUiAnswers('http://127.0.0.1:9', 500)).toBe(false);
  });
});
