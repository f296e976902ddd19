/**
 * The message is not one the handler can ever process (not JSON, wrong shape): thrown by a handler,
 * it sends the message to the dead-letter topic at once, without retries. The reason must say what
 * is wrong without quoting the message's content.
 */
export class InvalidMessageError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidMessageError';
  }
}
