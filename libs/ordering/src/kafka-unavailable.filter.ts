import { ArgumentsHost, Catch, ExceptionFilter, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { KafkaUnavailableError } from './kafka-unavailable.error';

/**
 * `POST /orders` answers 503, never 202, when Kafka did not take the order: the client may retry
 * (with its Idempotency-Key, the same order). The body is Nest's own for a 503.
 */
@Catch(KafkaUnavailableError)
export class KafkaUnavailableFilter implements ExceptionFilter<KafkaUnavailableError> {
  catch(err: KafkaUnavailableError, host: ArgumentsHost): void {
    const answer = new ServiceUnavailableException(
      `Kafka cannot take orders right now; order ${err.orderId} was not placed, please retry`,
    );
    host.switchToHttp().getResponse<Response>().status(answer.getStatus()).json(answer.getResponse());
  }
}
