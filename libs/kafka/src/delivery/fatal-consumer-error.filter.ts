import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { FatalConsumerError } from '../errors/fatal-consumer.error';

/**
 * Hands a FatalConsumerError to kafkajs as it is. Nest's default RPC filter would turn it into
 * `{ status: 'error', message: 'Internal server error' }`, which kafkajs takes as retriable and
 * retries without end instead of stopping the consumer.
 */
@Catch(FatalConsumerError)
export class FatalConsumerErrorFilter implements RpcExceptionFilter<FatalConsumerError> {
  catch(exception: FatalConsumerError, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
