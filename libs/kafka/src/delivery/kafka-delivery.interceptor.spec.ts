import { ExecutionContext, Logger } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { defer, lastValueFrom } from 'rxjs';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from '../config/delivery-policy';
import type { KafkaSettings } from '../config/kafka-settings';
import type { DeadLetterPublisher } from '../dead-letter/dead-letter.publisher';
import { InvalidMessageError } from '../errors/invalid-message.error';
import { KafkaOutbox } from '../worker/outbox';
import { outboxOf } from '../worker/outbox.decorator';
import type { PartitionWorkers } from '../worker/partition-workers';
import { KafkaDeliveryInterceptor } from './kafka-delivery.interceptor';

function kafkaExecutionContext(heartbeat = jest.fn(async () => undefined)) {
  const message = { key: Buffer.from('k'), value: Buffer.from('{}'), offset: '42', headers: {} };
  const kafka = new KafkaContext([message as never, 1, 'kitchen-orders', {} as never, heartbeat, {} as never]);
  const ctx = { getType: () => 'rpc', switchToRpc: () => ({ getContext: () => kafka }) } as unknown as ExecutionContext;
  return { ctx, kafka, heartbeat };
}

const FAST_POLICY = { ...DEFAULT_DELIVERY_POLICY, backoffMs: 1, maxKafkaBackoffMs: 5, logIntervalMs: 60_000 };

/** An interceptor whose workers give every message an outbox that stages (exactly-once) or sends at once. */
function setup(policy: DeliveryPolicy = FAST_POLICY) {
  const published: { reason: string; detail: unknown }[] = [];
  const publish = jest.fn(async (_outbox: KafkaOutbox, _source: unknown, reason: string, detail: unknown) => {
    published.push({ reason, detail });
  });
  const outbox = new KafkaOutbox({ partitionCount: async () => 3, isProcessed: () => false });
  const workers = { outboxOf: jest.fn(() => outbox) } as unknown as PartitionWorkers;
  const interceptor = new KafkaDeliveryInterceptor({ publish } as unknown as DeadLetterPublisher, workers, {
    policy,
  } as KafkaSettings);
  return { interceptor, published, publish, outbox, workers };
}

/** What a handler writes through its outbox. */
function write(ctx: ExecutionContext, value: string): Promise<unknown> {
  return lastValueFrom(outboxOf(ctx.switchToRpc().getContext()).emit('orders-ready', { key: 'o1', value }));
}

/** A handler that runs `behaviour` on each call, as Nest's deferred handler does on each subscription. */
function run(interceptor: KafkaDeliveryInterceptor, ctx: ExecutionContext, behaviour: (call: number) => unknown) {
  let calls = 0;
  const next = { handle: () => defer(async () => behaviour(++calls)) };
  return { result: lastValueFrom(interceptor.intercept(ctx, next), { defaultValue: undefined }), calls: () => calls };
}

describe('KafkaDeliveryInterceptor', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('passes a successful handler through, once', async () => {
    const { interceptor, published } = setup();
    const { ctx } = kafkaExecutionContext();
    const handled = run(interceptor, ctx, () => 'done');
    await expect(handled.result).resolves.toBe('done');
    expect(handled.calls()).toBe(1);
    expect(published).toEqual([]);
  });

  it('dead-letters an invalid message at once, without retries', async () => {
    const { interceptor, published } = setup();
    const { ctx } = kafkaExecutionContext();
    const handled = run(interceptor, ctx, () => {
      throw new InvalidMessageError('not JSON: unexpected token');
    });
    await handled.result;
    expect(handled.calls()).toBe(1);
    expect(published).toEqual([
      { reason: 'not JSON: unexpected token', detail: { attempts: 1, errorClass: 'InvalidMessageError' } },
    ]);
  });

  it('tries a failing handler the configured number of times, then dead-letters it with the error class only', async () => {
    const { interceptor, published } = setup();
    const { ctx } = kafkaExecutionContext();
    const handled = run(interceptor, ctx, () => {
      throw new TypeError('secret customer data in a message');
    });
    await expect(handled.result).resolves.toBeUndefined();
    expect(handled.calls()).toBe(3);
    expect(published).toEqual([
      { reason: 'handler failed 3 times (TypeError)', detail: { attempts: 3, errorClass: 'TypeError' } },
    ]);
    expect(JSON.stringify(published)).not.toContain('secret');
  });

  it('succeeds on a later try of a transient failure without dead-lettering', async () => {
    const { interceptor, published } = setup();
    const { ctx } = kafkaExecutionContext();
    const handled = run(interceptor, ctx, (call) => {
      if (call < 3) throw new Error('flaky');
      return 'ok';
    });
    await expect(handled.result).resolves.toBe('ok');
    expect(handled.calls()).toBe(3);
    expect(published).toEqual([]);
  });

  it('holds the message while Kafka takes no writes, for longer than the handler attempts, and never dead-letters it', async () => {
    const { interceptor, published } = setup();
    const { ctx, heartbeat } = kafkaExecutionContext();
    const handled = run(interceptor, ctx, (call) => {
      if (call <= 8)
        throw new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED'), {
          retryCount: 5,
          retryTime: 2000,
        });
      return 'written';
    });
    await expect(handled.result).resolves.toBe('written');
    expect(handled.calls()).toBe(9);
    expect(published).toEqual([]);
    expect(heartbeat).toHaveBeenCalledTimes(8);
  });

  it('retries the dead-letter write itself while Kafka takes no writes', async () => {
    const { interceptor, published, publish } = setup();
    publish
      .mockRejectedValueOnce(new KafkaJSConnectionError('Connection error'))
      .mockRejectedValueOnce(new KafkaJSConnectionError('Connection error'));
    const { ctx } = kafkaExecutionContext();
    await run(interceptor, ctx, () => {
      throw new InvalidMessageError('empty value: not an order');
    }).result;
    expect(publish).toHaveBeenCalledTimes(3);
    expect(published).toHaveLength(1);
  });

  it('gives the message back uncommitted when the service stops while it is held', async () => {
    const { interceptor, published } = setup({
      ...DEFAULT_DELIVERY_POLICY,
      maxKafkaBackoffMs: 60_000,
      logIntervalMs: 60_000,
    });
    const { ctx } = kafkaExecutionContext();
    const handled = run(interceptor, ctx, () => {
      throw new KafkaJSConnectionError('Connection error');
    });
    setTimeout(() => interceptor.onModuleDestroy(), 20);
    await expect(handled.result).rejects.toThrow('service stopping');
    expect(published).toEqual([]);
  });

  it('leaves contexts other than Kafka alone', async () => {
    const { interceptor } = setup();
    const ctx = { getType: () => 'http' } as unknown as ExecutionContext;
    const handled = run(interceptor, ctx, () => {
      throw new Error('http error');
    });
    await expect(handled.result).rejects.toThrow('http error');
    expect(handled.calls()).toBe(1);
  });

  describe('the outbox', () => {
    it("keeps the successful try's writes, and nothing of the failed tries", async () => {
      const { interceptor, outbox } = setup();
      const { ctx } = kafkaExecutionContext();
      const handled = run(interceptor, ctx, async (call) => {
        await write(ctx, `try ${call}`);
        outboxOf(ctx.switchToRpc().getContext()).markProcessed(`o${call}`);
        if (call < 3) throw new Error('step failed');
        return 'done';
      });
      await expect(handled.result).resolves.toBe('done');
      expect(outbox.content.records.map((r) => String(r.message.value))).toEqual(['try 3']);
      expect(outbox.content.marks).toEqual(['o3']);
      expect(outbox.context).toBeDefined();
    });

    it('leaves only the dead letter of a dead-lettered message: no records, no marks', async () => {
      const { interceptor, outbox, published } = setup();
      const { ctx } = kafkaExecutionContext();
      await run(interceptor, ctx, async () => {
        await write(ctx, 'half done');
        outboxOf(ctx.switchToRpc().getContext()).markProcessed('o1');
        throw new InvalidMessageError('not JSON at position 0');
      }).result;
      expect(published).toHaveLength(1);
      expect(outbox.content).toEqual({ records: [], marks: [] });
    });

    it('lets a message no worker of this service fetched through untouched', async () => {
      const { interceptor, workers } = setup();
      (workers.outboxOf as jest.Mock).mockReturnValue(undefined);
      const { ctx } = kafkaExecutionContext();
      const handled = run(interceptor, ctx, () => {
        throw new Error('not ours');
      });
      await expect(handled.result).rejects.toThrow('not ours');
      expect(handled.calls()).toBe(1);
    });
  });
});
