import { Writable } from 'node:stream';
import pino from 'pino';
import pretty from 'pino-pretty';
import { terminalLine } from './terminal-log-line';

/** What a service prints to a terminal for each call, through pino-pretty as ServiceLoggerModule sets it up. */
function terminal(log: (logger: pino.Logger) => void): string[] {
  let out = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk), done()) });
  const stream = pretty({
    destination: sink,
    sync: true,
    colorize: false,
    ignore: 'time,level,pid,hostname',
    hideObject: true,
    messageFormat: terminalLine,
  });
  log(pino({ base: { service: 'kitchen-service' } }, stream));
  return out.trimEnd().split('\n');
}

describe('terminalLine', () => {
  it('prints time - service - LEVEL - message, one line per event, with the order and a short trace id', () => {
    const lines = terminal((l) => {
      l.info(
        { context: 'KitchenConsumer', orderId: 'o-1', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' },
        'Received order o-1 for processing',
      );
      l.warn(
        { orderId: 'o-2', trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331' },
        'Slow plate',
      );
      l.info({ context: 'Bootstrap', port: 3005 }, 'kitchen-service is up on port 3005');
    });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} - kitchen-service - INFO - Received order o-1 for processing \[trace 4bf92f35\]$/,
    );
    expect(lines[1]).toMatch(/ - kitchen-service - WARN - Slow plate \[order o-2, trace 0af76519\]$/);
    expect(lines[2]).toMatch(/ - kitchen-service - INFO - kitchen-service is up on port 3005$/);
  });

  it('keeps an error on its line: its class and message (the stack stays in LOG_FORMAT=json)', () => {
    const [line, ...rest] = terminal((l) => l.error({ err: new TypeError('no dish') }, 'Could not cook'));
    expect(rest).toEqual([]);
    expect(line).toMatch(/ - kitchen-service - ERROR - Could not cook: TypeError: no dish$/);
  });

  it("names pino-http's request: method, path, status, time", () => {
    const [line] = terminal((l) =>
      l.info(
        { req: { id: 1, method: 'POST', url: '/orders' }, res: { statusCode: 202 }, responseTime: 7 },
        'request completed',
      ),
    );
    expect(line).toMatch(/ - INFO - request completed POST \/orders 202 7 ms$/);
    // A line logged while the request runs carries the request too, not its outcome: nothing added.
    const [during] = terminal((l) => l.info({ req: { id: 1, method: 'POST', url: '/orders' } }, 'Placing an order'));
    expect(during).toMatch(/ - INFO - Placing an order$/);
  });

  it("shows kafkajs's error string", () => {
    const [line] = terminal((l) =>
      l.warn({ context: 'KafkaJS', error: 'The group is rebalancing' }, '[Runner] re-joining'),
    );
    expect(line).toMatch(/ - WARN - \[Runner\] re-joining: The group is rebalancing$/);
  });
});
