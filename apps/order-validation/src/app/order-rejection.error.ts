import type { OrderRejected } from '@ituna/contracts';

/** A valid order that fails a business rule; recorded on the step's span, then sent to orders-rejected. */
export class OrderRejectionError extends Error {
  constructor(readonly step: OrderRejected['step'], reason: string) {
    super(reason);
    this.name = 'OrderRejectionError';
  }
}
