/** The class of an error, for logs, span events and dead-letter headers: never its message, which may quote input. */
export function errorClass(err: unknown): string {
  return err instanceof Error ? err.name || err.constructor.name : typeof err;
}
