/** The service is stopping: a held message is left uncommitted for the next consumer. */
export class DeliveryStoppedError extends Error {
  constructor() {
    super('service stopping: message left uncommitted for redelivery');
    this.name = 'DeliveryStoppedError';
  }
}
