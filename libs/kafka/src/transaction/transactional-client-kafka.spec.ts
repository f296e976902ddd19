import { TransactionalClientKafka } from './transactional-client-kafka';
import { withStagedRecords } from './staged-records';

class TestClient extends TransactionalClientKafka {
  readonly sent: unknown[] = [];
  constructor() {
    super({ client: { brokers: ['127.0.0.1:1'] }, producerOnlyMode: true });
  }
  // Nest connects before each emit; the staging under test needs no broker.
  override async connect(): Promise<never> {
    return undefined as never;
  }
  protected override async dispatchEvent(packet: { pattern: string; data: unknown }): Promise<unknown> {
    return super.dispatchEvent(packet).catch(() => this.sent.push(packet));
  }
}

describe('TransactionalClientKafka', () => {
  it('holds back an emit inside a staged handler try, serialized as ClientKafka would send it', async () => {
    const client = new TestClient();
    const { records } = await withStagedRecords(async () => {
      await new Promise<void>((resolve, reject) =>
        client
          .emit('orders-ready', { key: 'o1', value: { orderId: 'o1' }, headers: { traceparent: 'x' } })
          .subscribe({ complete: resolve, error: reject }),
      );
    });
    expect(records).toEqual([
      { topic: 'orders-ready', message: { key: 'o1', value: '{"orderId":"o1"}', headers: { traceparent: 'x' } } },
    ]);
    expect(client.sent).toEqual([]);
  });

  it('sends at once outside a staged try', async () => {
    const client = new TestClient();
    await new Promise<void>((resolve) =>
      client.emit('orders-ready', { value: 'v' }).subscribe({ complete: resolve, error: () => resolve() }),
    );
    expect(client.sent).toHaveLength(1);
  });
});
