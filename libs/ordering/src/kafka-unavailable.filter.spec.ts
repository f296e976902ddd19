import type { ArgumentsHost } from '@nestjs/common';
import { KafkaUnavailableError } from './kafka-unavailable.error';
import { KafkaUnavailableFilter } from './kafka-unavailable.filter';

describe('KafkaUnavailableFilter', () => {
  it("answers 503 with Nest's body, naming the order that was not placed", () => {
    const sent: { status?: number; body?: unknown } = {};
    const response = {
      status(code: number) {
        sent.status = code;
        return this;
      },
      json(body: unknown) {
        sent.body = body;
      },
    };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    new KafkaUnavailableFilter().catch(new KafkaUnavailableError('order-7', new Error('broker down')), host);
    expect(sent).toEqual({
      status: 503,
      body: {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'Kafka cannot take orders right now; order order-7 was not placed, please retry',
      },
    });
  });
});
