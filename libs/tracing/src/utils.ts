import type { Subscribable } from 'rxjs';
import { Span, SpanStatusCode } from '@opentelemetry/api';

/** Records an error on a span the way the specification asks: exception event plus ERROR status. */
export function recordError(span: Span, error: unknown): void {
  const err = error instanceof Error ? error : new Error(messageOf(error));
  span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
}

/** What a thrown non-Error says: its `message` (Nest's RPC filters throw `{ status, message }`), or itself. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/** An rxjs Observable, recognised by shape so that a second copy of rxjs is recognised too. */
export function isObservableLike(value: unknown): value is Subscribable<unknown> {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as { subscribe?: unknown; pipe?: unknown };
  return typeof candidate.subscribe === 'function' && typeof candidate.pipe === 'function';
}

/** Copies reflect-metadata keys so decorators applied before ours still see their metadata. */
export function copyMetadata(from: object, to: object): void {
  if (typeof Reflect.getOwnMetadataKeys !== 'function') return;
  for (const key of Reflect.getOwnMetadataKeys(from)) {
    Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, from), to);
  }
}
