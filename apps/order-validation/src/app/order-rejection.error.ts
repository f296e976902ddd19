import type { OrderRejection } from '@ituna/contracts';

/**
 * A valid order that fails a business rule, thrown out of the step's span (which records it) and
 * caught by `validate-order`, whose outcome carries the same rejection on to orders-rejected.
 */
export class OrderRejectionError extends Error {
  constructor(readonly rejection: OrderRejection) {
    super(rejection.reason);
    this.name = 'OrderRejectionError';
  }
}
